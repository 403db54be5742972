//! Command-line arguments.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

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
    /// Trình bày đầy đủ một quy tắc, hoặc các quy tắc của một nhóm (show one
    /// rule in full, or the rules of a category).
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
    /// In trang man của lệnh hoặc một lệnh con, hay ghi mọi trang vào một
    /// thư mục (print the man page of the command or of a subcommand, or
    /// write every page to a folder).
    Man(ManArgs),
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
    /// Năm thông qua, theo cột `adopted` của danh sách (adoption year, from
    /// the manifest's `adopted` column).
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

/// Standard input as a covenant.
#[derive(Debug, Args, Clone, Default)]
pub struct StdinArgs {
    /// Tên cho đầu vào chuẩn `-`: đuôi tệp là gợi ý định dạng, thư mục là
    /// nơi tìm huonguoc.toml và huyện/xã (name for standard input: its
    /// extension hints at the format, its folder locates the config and the
    /// district/commune).
    #[arg(long, value_name = "NAME")]
    pub stdin_name: Option<PathBuf>,
}

/// Which files a folder walk lists, as in ripgrep.
#[derive(Debug, Args, Clone, Default)]
pub struct WalkArgs {
    /// Chỉ rà soát tệp khớp mẫu glob; `!GLOB` để bỏ qua (include only files
    /// matching GLOB; `!GLOB` excludes). Repeatable.
    #[arg(short = 'g', long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// Bỏ qua tệp và thư mục khớp mẫu glob (exclude files and folders
    /// matching GLOB). Repeatable.
    #[arg(long = "exclude", value_name = "GLOB")]
    pub excludes: Vec<String>,
    /// Rà soát cả tệp và thư mục ẩn (walk hidden files and folders).
    #[arg(long)]
    pub hidden: bool,
    /// Đi theo liên kết tượng trưng (follow symbolic links).
    #[arg(short = 'L', long)]
    pub follow: bool,
    /// Không dùng .gitignore, .ignore, .huonguocignore (do not honour ignore
    /// files).
    #[arg(long)]
    pub no_ignore: bool,
    /// -u: như --no-ignore; -uu: thêm --hidden (-u is --no-ignore; -uu adds
    /// --hidden).
    #[arg(short = 'u', long = "unrestricted", action = ArgAction::Count)]
    pub unrestricted: u8,
}

/// Which rules run, as in ruff.
#[derive(Debug, Args, Clone, Default)]
pub struct SelectArgs {
    /// Chỉ chạy các quy tắc này: mã, tiền tố mã hoặc nhóm, cách nhau bằng
    /// dấu phẩy; ALL là mọi quy tắc (run only these rules: ids, id prefixes
    /// or categories, comma-separated; ALL for every rule).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Tắt các quy tắc này: mã, tiền tố mã hoặc nhóm (switch these rules
    /// off: ids, id prefixes or categories).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Option<Vec<String>>,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Tệp hoặc thư mục; `-` là đầu vào chuẩn (files or folders; `-` for
    /// standard input); default: standard input when piped, else the
    /// current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub pack: PackArgs,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub stdin: StdinArgs,
    #[command(flatten)]
    pub walk: WalkArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    /// Ghi kết quả vào tệp này, thay trọn tệp một lần (write the report to
    /// FILE, replaced atomically); default: stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
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
    #[command(flatten)]
    pub walk: WalkArgs,
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
pub struct ManArgs {
    /// Lệnh con, ví dụ `scan` (a subcommand, such as `scan`); default: the
    /// page of `huonguoc` itself.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
    /// Ghi mọi trang (huonguoc.1, huonguoc-scan.1 …) vào thư mục này (write
    /// every page into this folder).
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub pack: PackArgs,
    /// Định dạng kết quả (output format).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Ngôn ngữ thông báo (language of messages).
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// In mọi từ khóa của bộ máy so khớp, dạng so khớp có dấu, mỗi dòng một
    /// từ (print every term of the automaton, one per line: what the
    /// benchmark gives ripgrep).
    #[arg(long)]
    pub terms: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Mã quy tắc, hoặc một nhóm để liệt kê các quy tắc của nhóm (a rule id,
    /// or a category to list its rules).
    pub id: String,
    #[command(flatten)]
    pub pack: PackArgs,
    /// Định dạng kết quả (output format).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Ngôn ngữ thông báo (language of messages).
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct NormalizeArgs {
    /// Tệp cần chuẩn hóa; `-` là đầu vào chuẩn (the file to normalize; `-`
    /// for standard input).
    pub file: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub stdin: StdinArgs,
    /// In dạng bỏ dấu (print the folded form, as for text typed without
    /// diacritics).
    #[arg(long)]
    pub folded: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Tệp hương ước; `-` là đầu vào chuẩn (the covenant file; `-` for
    /// standard input).
    pub file: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub stdin: StdinArgs,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Tệp hương ước; `-` là đầu vào chuẩn (the covenant file; `-` for
    /// standard input).
    pub file: PathBuf,
    /// Tệp kết quả, không được là tệp vào; `-` là đầu ra chuẩn (output
    /// file, never the input itself; `-` for stdout).
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub stdin: StdinArgs,
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
