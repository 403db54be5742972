//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Rà soát hương ước, quy ước về phân biệt đối xử về giới.
///
/// Screens Vietnamese village covenants (hương ước, quy ước) for
/// gender-discriminatory clauses, cites each at its legal address and the law
/// it breaks, and measures a batch against the 95% (2025) and 100% (2030)
/// targets.
#[derive(Debug, Parser)]
#[command(name = "huonguoc", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rà soát các tệp và thư mục (screen files and folders).
    Scan(ScanArgs),
    /// Liệt kê các quy tắc (list the rules).
    Rules(RulesArgs),
    /// Trình bày đầy đủ một quy tắc và ví dụ (show one rule in full).
    Explain(ExplainArgs),
    /// In dạng so khớp của một tệp (print the matching form of a file).
    Normalize(NormalizeArgs),
    /// In văn bản trích ra từ tệp, đúng văn bản mà các vị trí phát hiện
    /// chỉ vào (print the extracted text that finding offsets refer to).
    Extract(ExtractArgs),
    /// Ghi văn bản đã giải mã ra UTF-8 NFC (write the decoded text as UTF-8
    /// NFC).
    Convert(ConvertArgs),
    /// Chạy các ví dụ của mọi quy tắc và kiểm tra bộ quy tắc (run every
    /// rule's examples and lint the pack).
    Test(TestArgs),
    /// So kết quả với chú giải chuẩn của kho văn bản (compare findings with
    /// the gold annotations of a corpus).
    Eval(EvalArgs),
    /// Ghi miễn trừ cho các phát hiện hiện có (write waivers for the current
    /// findings, for a reviewer to fill in).
    Baseline(BaselineArgs),
    /// So sánh hai phiên bản của một hương ước (compare two versions of one
    /// covenant).
    Diff(DiffArgs),
    /// Soạn dự thảo sửa đổi, bổ sung hương ước từ các phát hiện (draft the
    /// amendment a village votes on, from the findings).
    Amend(AmendArgs),
    /// In mã gợi ý lệnh cho shell (print shell completions).
    Completions(CompletionsArgs),
    /// In trang man (print the man page).
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics for people, as rustc and ruff print them.
    Text,
    /// One JSON document.
    Json,
}

/// The formats of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// Diagnostics for people, as rustc and ruff print them.
    Text,
    /// One JSON document.
    Json,
    /// One JSON object per line: findings, then groups and the summary.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// One row per finding (or per covenant with --csv-summary), UTF-8 with BOM.
    Csv,
    /// One self-contained HTML page in Vietnamese.
    Html,
}

/// How covenants are rolled up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    Commune,
    District,
    /// Năm thông qua, theo cột `adopted` của danh sách (adoption year).
    Adopted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    Vi,
    En,
}

/// Where the rule pack comes from.
#[derive(Debug, Args)]
pub struct PackArgs {
    /// Nạp bộ quy tắc từ thư mục này thay cho bộ có sẵn (load the rule pack
    /// from this folder instead of the embedded one).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Bỏ qua dò tìm và giải mã theo bảng mã này (skip detection and decode
    /// with this encoding): utf-8, utf-16le, utf-16be, tcvn3, vni, viqr,
    /// windows-1258, utf-8-mojibake.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Kích thước tệp tối đa, MB; mặc định 100, hoặc `file-bytes` trong
    /// bảng [limits] của huonguoc.toml (largest file to read, in MB).
    #[arg(long, value_name = "MB")]
    pub max_file_size: Option<u64>,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Tệp hoặc thư mục (files or folders); default: the current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub pack: PackArgs,
    #[command(flatten)]
    pub input: InputArgs,
    /// Định dạng kết quả (output format).
    #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
    pub format: ScanFormat,
    /// Mức nghiêm trọng làm lệnh trả mã 1 (lowest severity that makes the
    /// exit code 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    #[command(flatten)]
    pub review: ReviewArgs,
    /// Gộp theo xã, huyện hoặc năm thông qua (roll up by commune, district
    /// or adoption year).
    #[arg(long, value_enum)]
    pub group_by: Option<GroupBy>,
    /// Rà soát mọi tệp, kể cả tệp không nhận ra là hương ước (screen every
    /// file, even those not recognised as covenants).
    #[arg(long)]
    pub all_files: bool,
    /// Với --format csv: mỗi hương ước một dòng (one row per covenant).
    #[arg(long)]
    pub csv_summary: bool,
    /// Chỉ báo các phát hiện chưa được miễn trừ (report only findings that
    /// no waiver covers).
    #[arg(long)]
    pub new_only: bool,
    /// Số luồng; 0 là tự chọn (threads; 0 picks one per core).
    #[arg(short = 'j', long, default_value_t = 0)]
    pub threads: usize,
    /// Chỉ in dòng tổng kết (print only the summary).
    #[arg(short, long)]
    pub quiet: bool,
    /// Tô màu (colour).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Ngôn ngữ thông báo (language of messages).
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

/// Settings, waivers and the commune/district of each covenant.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Tệp cấu hình (config file); default: huonguoc.toml in the scanned
    /// folder or its parents.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Danh sách hương ước, cột path,commune,district,adopted (manifest CSV);
    /// default: the folder layout district/commune/file.
    #[arg(long, value_name = "FILE.csv")]
    pub manifest: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// Tệp hoặc thư mục (files or folders); default: the current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Ghi vào tệp này, thêm vào nếu đã có (write to this file, appending to
    /// it if it exists); default: stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Người rà soát ghi vào miễn trừ (reviewer to write into the waivers).
    #[arg(long, default_value = "chưa xem xét")]
    pub reviewer: String,
    /// Rà soát mọi tệp, kể cả tệp không nhận ra là hương ước (screen every
    /// file, even those not recognised as covenants).
    #[arg(long)]
    pub all_files: bool,
    #[command(flatten)]
    pub pack: PackArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Bản cũ (the old version).
    pub old: PathBuf,
    /// Bản mới, có thể khác định dạng (the new version, in any format).
    pub new: PathBuf,
    #[command(flatten)]
    pub pack: PackArgs,
    #[command(flatten)]
    pub input: InputArgs,
    /// Định dạng kết quả (output format).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Mức nghiêm trọng làm lệnh trả mã 1 (lowest severity that makes the
    /// exit code 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Ngôn ngữ thông báo (language of messages).
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct AmendArgs {
    /// Tệp hương ước (the covenant file).
    pub file: PathBuf,
    /// Ghi dự thảo vào tệp này: tên đuôi .docx là tệp Word, tên khác là
    /// văn bản Markdown (write the draft here: .docx for Word, else
    /// text/Markdown); default: stdout.
    #[arg(short, long, value_name = "DRAFT")]
    pub output: Option<PathBuf>,
    /// Ghi cả hương ước đã sửa, cùng định dạng với bản gốc (also write the
    /// amended covenant, in the input's format); default: FILE's name with
    /// `.sua-doi` before its extension, beside it.
    #[arg(long, value_name = "AMENDED", num_args = 0..=1)]
    pub apply: Option<Option<PathBuf>>,
    #[command(flatten)]
    pub pack: PackArgs,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub review: ReviewArgs,
    /// Ngôn ngữ của nhãn trong dự thảo; nội dung sửa đổi luôn bằng tiếng
    /// Việt (language of the draft's labels; the amended text is always
    /// Vietnamese).
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell: bash, zsh, fish, elvish, powershell.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub pack: PackArgs,
    /// In mọi từ khóa của bộ máy so khớp, dạng so khớp có dấu, mỗi dòng một
    /// từ (print every term of the automaton, one per line: what the
    /// benchmark gives ripgrep).
    #[arg(long)]
    pub terms: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Mã quy tắc (rule id).
    pub id: String,
    #[command(flatten)]
    pub pack: PackArgs,
}

#[derive(Debug, Args)]
pub struct NormalizeArgs {
    /// Tệp cần chuẩn hóa (the file to normalize).
    pub file: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    /// In dạng bỏ dấu (print the folded form, as for text typed without
    /// diacritics).
    #[arg(long)]
    pub folded: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Tệp hương ước (the covenant file).
    pub file: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Tệp hương ước (the covenant file).
    pub file: PathBuf,
    /// Tệp kết quả; `-` là đầu ra chuẩn (output file; `-` for stdout).
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    #[command(flatten)]
    pub pack: PackArgs,
    /// Số ví dụ tối thiểu mỗi loại cho mỗi quy tắc (least examples of each
    /// kind per rule).
    #[arg(long, default_value_t = 4)]
    pub min_examples: usize,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Thư mục kho văn bản có tệp .gold.toml, hoặc danh sách điều khoản
    /// .tsv (corpus folder with .gold.toml files, or a .tsv clause list).
    pub corpus: PathBuf,
    #[command(flatten)]
    pub pack: PackArgs,
    /// Định dạng kết quả (output format).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Độ chính xác tối thiểu (least overall precision).
    #[arg(long, default_value_t = 0.95)]
    pub min_precision: f64,
    /// Độ phủ tối thiểu (least overall recall).
    #[arg(long, default_value_t = 0.95)]
    pub min_recall: f64,
    /// Độ phủ tối thiểu của mỗi nhóm (least recall of each category).
    #[arg(long, default_value_t = 0.8)]
    pub min_category_recall: f64,
    /// Với danh sách điều khoản: tỷ lệ tối thiểu điều khoản bắt được có
    /// nhóm đúng (clause lists: least share of found clauses with a gold
    /// category).
    #[arg(long, default_value_t = 0.8)]
    pub min_category_agreement: f64,
}

impl GroupBy {
    /// The library's name for it.
    pub fn to_batch(self) -> huonguoc_batch::GroupBy {
        match self {
            GroupBy::Commune => huonguoc_batch::GroupBy::Commune,
            GroupBy::District => huonguoc_batch::GroupBy::District,
            GroupBy::Adopted => huonguoc_batch::GroupBy::Adopted,
        }
    }
}
