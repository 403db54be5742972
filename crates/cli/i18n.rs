//! The labels of every report, in Vietnamese and in English. One struct
//! holds them, so that a label added for one language cannot be missing
//! from the other: `--lang en` leaves no Vietnamese label behind. The
//! covenant's own text and the legal citations stay as written.

use huonguoc_batch::{Selection, Verdict};
use huonguoc_screen::{Lang, Scope, Severity};

/// The labels of one language.
#[derive(Debug)]
pub struct Labels {
    pub lang: Lang,
    /// `lang` attribute of the HTML page.
    pub code: &'static str,
    pub error: &'static str,
    pub warning: &'static str,
    pub info: &'static str,
    pub legal: &'static str,
    pub suggestion: &'static str,
    pub waived: &'static str,
    pub pending: &'static str,
    pub read_error: &'static str,
    pub not_covenant: &'static str,
    pub file_warning: &'static str,
    pub met: &'static str,
    pub not_met: &'static str,
    pub compliant_count: &'static str,
    pub not_verified_count: &'static str,
    pub pending_count: &'static str,
    pub unknown_group: &'static str,
    pub html: Html,
    pub explain: Explain,
    pub select: Select,
}

/// The labels of the HTML page.
#[derive(Debug)]
pub struct Html {
    pub title: &'static str,
    pub heading: &'static str,
    pub measured_on: &'static str,
    pub tool: &'static str,
    pub rule_pack: &'static str,
    pub rules: &'static str,
    pub files: &'static str,
    pub rate_heading: &'static str,
    pub chart_label: &'static str,
    pub group_columns: [&'static str; 9],
    pub waivers_heading: &'static str,
    pub index_heading: &'static str,
    pub index_columns: [&'static str; 7],
    pub sort_hint: &'static str,
    pub each_heading: &'static str,
    pub back: &'static str,
    pub line: &'static str,
    pub content: &'static str,
    pub expires: &'static str,
    pub unverified_prefix: &'static str,
    pub not_covenant_prefix: &'static str,
    pub verdict_compliant: &'static str,
    pub verdict_not_compliant: &'static str,
    pub verdict_pending: &'static str,
    pub verdict_low_quality: &'static str,
    pub status_compliant: &'static str,
    pub status_not_compliant: &'static str,
    pub status_pending: &'static str,
    pub status_not_verified: &'static str,
    pub status_not_covenant: &'static str,
}

/// The labels of `explain` and `rules`.
#[derive(Debug)]
pub struct Explain {
    pub category: &'static str,
    pub severity: &'static str,
    pub scope: &'static str,
    pub file: &'static str,
    pub message: &'static str,
    pub conditions: &'static str,
    pub all_of: &'static str,
    pub in_order: &'static str,
    pub words_apart: &'static str,
    pub pattern: &'static str,
    pub unless: &'static str,
    pub must_flag: &'static str,
    pub must_pass: &'static str,
    pub rules_count: &'static str,
    pub categories_count: &'static str,
    pub sentence: &'static str,
    pub unit: &'static str,
    pub tree: &'static str,
}

/// How a report states its selection.
#[derive(Debug)]
pub struct Select {
    pub all_rules: &'static str,
    pub of: &'static str,
    pub rules: &'static str,
    pub off: &'static str,
    pub ignore_files: &'static str,
    pub no_ignore_files: &'static str,
    pub hidden_skipped: &'static str,
    pub hidden_walked: &'static str,
    pub links_followed: &'static str,
    pub links_not_followed: &'static str,
    pub excluded: &'static str,
    pub stdin: &'static str,
}

pub const VI: Labels = Labels {
    lang: Lang::Vi,
    code: "vi",
    error: "lỗi",
    warning: "cảnh báo",
    info: "lưu ý",
    legal: "căn cứ pháp lý",
    suggestion: "đề nghị sửa",
    waived: "đã miễn trừ (waived)",
    pending: "miễn trừ chờ xem xét, vẫn tính (waiver pending review)",
    read_error: "lỗi đọc tệp",
    not_covenant: "không phải hương ước, không tính vào tỷ lệ (not a covenant)",
    file_warning: "cảnh báo",
    met: "đạt",
    not_met: "chưa đạt",
    compliant_count: "đạt",
    not_verified_count: "chưa xác minh",
    pending_count: "chờ xem xét",
    unknown_group: huonguoc_batch::UNKNOWN,
    html: Html {
        title: "Báo cáo rà soát hương ước, quy ước",
        heading: "Báo cáo rà soát hương ước, quy ước về bình đẳng giới",
        measured_on: "Ngày đo",
        tool: "Công cụ",
        rule_pack: "Bộ quy tắc",
        rules: "Quy tắc",
        files: "Tệp",
        rate_heading: "Tỷ lệ hương ước không phân biệt đối xử về giới",
        chart_label: "Tỷ lệ đạt theo nhóm",
        group_columns: [
            "Nhóm",
            "Số văn bản",
            "Đã rà soát",
            "Chưa xác minh",
            "Chờ xem xét",
            "Đạt",
            "Tỷ lệ",
            "Mục tiêu 2025 (95%)",
            "Mục tiêu 2030 (100%)",
        ],
        waivers_heading: "Miễn trừ cần xem lại",
        index_heading: "Danh sách văn bản",
        index_columns: [
            "Tệp",
            "Xã",
            "Huyện",
            "Tình trạng",
            "Lỗi",
            "Cảnh báo",
            "Lưu ý",
        ],
        sort_hint: "Bấm vào tiêu đề cột để sắp xếp; bấm tên tệp để xem phát hiện.",
        each_heading: "Từng văn bản",
        back: "↑ Về danh sách",
        line: "dòng",
        content: "Nội dung",
        expires: "hết hạn",
        unverified_prefix: "Chưa xác minh được, không tính là đạt",
        not_covenant_prefix: "Không phải hương ước, không tính vào tỷ lệ",
        verdict_compliant: "Không có nội dung phân biệt đối xử về giới.",
        verdict_not_compliant: "Có nội dung phân biệt đối xử về giới cần sửa đổi.",
        verdict_pending: "Chờ xem xét: miễn trừ chưa được người rà soát ký, chưa tính là đạt.",
        verdict_low_quality: "Chưa xác minh được (chất lượng văn bản thấp), không tính là đạt.",
        status_compliant: "đạt",
        status_not_compliant: "chưa đạt",
        status_pending: "chờ xem xét",
        status_not_verified: "chưa xác minh",
        status_not_covenant: "không phải hương ước",
    },
    explain: Explain {
        category: "nhóm",
        severity: "mức độ",
        scope: "phạm vi",
        file: "tệp",
        message: "thông báo",
        conditions: "điều kiện",
        all_of: "có mặt",
        in_order: "theo thứ tự",
        words_apart: "cách nhau ≤ {} từ",
        pattern: "biểu thức",
        unless: "trừ khi có",
        must_flag: "ví dụ phải bắt",
        must_pass: "ví dụ không được bắt",
        rules_count: "quy tắc",
        categories_count: "nhóm",
        sentence: "câu",
        unit: "đơn vị (điểm, khoản hoặc điều)",
        tree: "đơn vị và mọi đơn vị con",
    },
    select: Select {
        all_rules: "mọi quy tắc",
        of: "trên",
        rules: "quy tắc",
        off: "tắt",
        ignore_files: "theo .gitignore, .ignore, .huonguocignore",
        no_ignore_files: "không theo tệp ignore",
        hidden_skipped: "bỏ qua tệp ẩn",
        hidden_walked: "có tệp ẩn",
        links_followed: "theo liên kết",
        links_not_followed: "không theo liên kết",
        excluded: "tệp bị loại trừ",
        stdin: "đầu vào chuẩn",
    },
};

pub const EN: Labels = Labels {
    lang: Lang::En,
    code: "en",
    error: "error",
    warning: "warning",
    info: "info",
    legal: "legal basis",
    suggestion: "suggested fix",
    waived: "waived",
    pending: "waiver pending review, still counted",
    read_error: "cannot read file",
    not_covenant: "not a covenant, outside the rate",
    file_warning: "warning",
    met: "met",
    not_met: "not met",
    compliant_count: "compliant",
    not_verified_count: "not verified",
    pending_count: "pending review",
    unknown_group: "(unknown)",
    html: Html {
        title: "Covenant screening report",
        heading: "Screening of village covenants for gender equality",
        measured_on: "Measured on",
        tool: "Tool",
        rule_pack: "Rule pack",
        rules: "Rules",
        files: "Files",
        rate_heading: "Share of covenants free of gender discrimination",
        chart_label: "Compliance rate by group",
        group_columns: [
            "Group",
            "Covenants",
            "Screened",
            "Not verified",
            "Pending review",
            "Compliant",
            "Rate",
            "Target 2025 (95%)",
            "Target 2030 (100%)",
        ],
        waivers_heading: "Waivers to review",
        index_heading: "Covenants",
        index_columns: [
            "File", "Commune", "District", "Status", "Errors", "Warnings", "Info",
        ],
        sort_hint: "Click a column heading to sort; click a file to see its findings.",
        each_heading: "Each covenant",
        back: "↑ Back to the list",
        line: "line",
        content: "Finding",
        expires: "expires",
        unverified_prefix: "Not verified, not counted as compliant",
        not_covenant_prefix: "Not a covenant, outside the rate",
        verdict_compliant: "No gender-discriminatory content.",
        verdict_not_compliant: "Gender-discriminatory content to amend.",
        verdict_pending: "Pending review: a waiver no reviewer has signed; not yet compliant.",
        verdict_low_quality: "Not verified (low text quality); not counted as compliant.",
        status_compliant: "compliant",
        status_not_compliant: "not compliant",
        status_pending: "pending review",
        status_not_verified: "not verified",
        status_not_covenant: "not a covenant",
    },
    explain: Explain {
        category: "category",
        severity: "severity",
        scope: "scope",
        file: "file",
        message: "message",
        conditions: "conditions",
        all_of: "all of",
        in_order: "in order",
        words_apart: "at most {} words apart",
        pattern: "pattern",
        unless: "unless",
        must_flag: "must flag",
        must_pass: "must pass",
        rules_count: "rules",
        categories_count: "categories",
        sentence: "sentence",
        unit: "unit (point, clause or article)",
        tree: "unit with all its sub-units",
    },
    select: Select {
        all_rules: "all rules",
        of: "of",
        rules: "rules",
        off: "off",
        ignore_files: "honouring .gitignore, .ignore, .huonguocignore",
        no_ignore_files: "ignore files not honoured",
        hidden_skipped: "hidden files skipped",
        hidden_walked: "hidden files walked",
        links_followed: "links followed",
        links_not_followed: "links not followed",
        excluded: "files excluded",
        stdin: "standard input",
    },
};

/// The labels of `lang`.
pub fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::En => &EN,
        Lang::Vi => &VI,
    }
}

/// The command line's language as the engine's.
pub fn lang(a: crate::args::Lang) -> Lang {
    match a {
        crate::args::Lang::Vi => Lang::Vi,
        crate::args::Lang::En => Lang::En,
    }
}

impl Labels {
    /// A severity's label: `lỗi` or `error`.
    pub fn severity(&self, s: Severity) -> &'static str {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }

    /// A rule scope in words, not as a Rust name.
    pub fn scope(&self, s: Scope) -> &'static str {
        match s {
            Scope::Sentence => self.explain.sentence,
            Scope::Unit => self.explain.unit,
            Scope::Tree => self.explain.tree,
        }
    }

    /// A group's name, with "(unknown)" for covenants of no known place.
    pub fn group(&self, g: &huonguoc_batch::Group) -> String {
        let name = |n: &str| {
            if n == huonguoc_batch::UNKNOWN {
                self.unknown_group.to_owned()
            } else {
                n.to_owned()
            }
        };
        match &g.district {
            Some(d) if d != huonguoc_batch::UNKNOWN => format!("{} ({d})", name(&g.name)),
            _ => name(&g.name),
        }
    }

    /// A verdict in one or two words, for the index of the HTML page.
    pub fn status(&self, v: Verdict) -> &'static str {
        match v {
            Verdict::Compliant => self.html.status_compliant,
            Verdict::NotCompliant => self.html.status_not_compliant,
            Verdict::PendingReview => self.html.status_pending,
            Verdict::NotVerified => self.html.status_not_verified,
            Verdict::NotACovenant => self.html.status_not_covenant,
        }
    }

    /// A message written "tiếng Việt (English)", in this language: the
    /// English in the last brackets for English, the whole for Vietnamese.
    pub fn bilingual(&self, s: &str) -> String {
        if self.lang == Lang::Vi {
            return s.to_owned();
        }
        let english = s
            .strip_suffix(')')
            .and_then(|rest| rest.rfind(" (").map(|i| &rest[i + 2..]));
        english.map_or_else(|| s.to_owned(), str::to_owned)
    }

    /// A waiver that needs a reviewer, in this language.
    pub fn waiver_note(&self, n: &huonguoc_batch::WaiverNote) -> String {
        if self.lang == Lang::Vi {
            return huonguoc_batch::describe(n);
        }
        match n.problem.as_str() {
            "expired" => format!(
                "{}: waiver {} ({}) expired on {}, no longer counted",
                n.source,
                n.fingerprint,
                n.reviewer,
                n.expires.as_deref().unwrap_or("?")
            ),
            "unreviewed" => format!(
                "{}: waiver {} is not reviewed; the covenant is not counted as compliant until a reviewer, a reason and a date are filled in",
                n.source, n.fingerprint
            ),
            _ => format!(
                "{}: waiver {} ({}) matches no finding",
                n.source, n.fingerprint, n.reviewer
            ),
        }
    }

    /// Which rules ran, in words: "mọi quy tắc (122)", or "5 trên 122 quy
    /// tắc (--select inheritance; tắt: …)".
    pub fn rules_line(&self, s: &Selection) -> String {
        let t = &self.select;
        if s.all_rules() {
            return format!("{} ({})", t.all_rules, s.rules_total);
        }
        let mut flags = Vec::new();
        if !s.select.is_empty() {
            flags.push(format!("--select {}", s.select.join(",")));
        }
        if !s.ignore.is_empty() {
            flags.push(format!("--ignore {}", s.ignore.join(",")));
        }
        let mut line = format!("{} {} {} {}", s.rules, t.of, s.rules_total, t.rules);
        if !flags.is_empty() {
            line.push_str(&format!(" ({})", flags.join("; ")));
        }
        line
    }

    /// The rules switched off, named, for the HTML header.
    pub fn rules_off(&self, s: &Selection) -> Option<String> {
        (!s.rules_off.is_empty())
            .then(|| format!("{}: {}", self.select.off, s.rules_off.join(", ")))
    }

    /// How files were chosen, in words.
    pub fn files_line(&self, s: &Selection) -> String {
        let t = &self.select;
        let mut parts: Vec<String> = Vec::new();
        if let Some(name) = &s.stdin {
            parts.push(format!("{}: {name}", t.stdin));
        }
        parts.push(
            if s.ignore_files {
                t.ignore_files
            } else {
                t.no_ignore_files
            }
            .into(),
        );
        parts.push(
            if s.hidden {
                t.hidden_walked
            } else {
                t.hidden_skipped
            }
            .into(),
        );
        parts.push(
            if s.follow_links {
                t.links_followed
            } else {
                t.links_not_followed
            }
            .into(),
        );
        for g in &s.globs {
            parts.push(format!("--glob {g}"));
        }
        if s.excluded > 0 {
            parts.push(format!("{} {}", s.excluded, t.excluded));
        }
        parts.join(", ")
    }

    /// What the text footer adds after the rule pack: only what differs
    /// from a plain run, so the usual footer stays one short line.
    pub fn footer(&self, s: &Selection) -> String {
        let mut out = String::new();
        if !s.all_rules() {
            out.push_str(" · ");
            out.push_str(&self.rules_line(s));
        }
        if s.excluded > 0 {
            out.push_str(&format!(" · {} {}", s.excluded, self.select.excluded));
        }
        if !s.globs.is_empty() {
            out.push_str(&format!(" · --glob {}", s.globs.join(" --glob ")));
        }
        if let Some(name) = &s.stdin {
            out.push_str(&format!(" · {}: {name}", self.select.stdin));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Letters of Vietnamese that English never has; `EN` must hold none.
    fn vietnamese(s: &str) -> bool {
        s.chars()
            .any(|c| c.is_alphabetic() && !c.is_ascii() || matches!(c, 'đ' | 'Đ'))
    }

    #[test]
    fn english_labels_hold_no_vietnamese() {
        let dump = format!("{EN:?}");
        // The struct's own debug text names no Vietnamese but the labels.
        assert!(!vietnamese(&dump), "{dump}");
        assert!(vietnamese(&format!("{VI:?}")));
    }

    #[test]
    fn bilingual_messages_give_their_english() {
        let s = "không có điều, khoản được đánh số (no article or clause structure)";
        assert_eq!(EN.bilingual(s), "no article or clause structure");
        assert_eq!(VI.bilingual(s), s);
        assert_eq!(EN.bilingual("plain"), "plain");
    }

    #[test]
    fn a_narrowed_selection_is_stated() {
        let s = Selection {
            select: vec!["inheritance".into()],
            rules: 5,
            rules_total: 122,
            excluded: 2,
            ..Default::default()
        };
        assert_eq!(
            VI.footer(&s),
            " · 5 trên 122 quy tắc (--select inheritance) · 2 tệp bị loại trừ"
        );
        assert!(EN.footer(&s).contains("5 of 122 rules"));
        let all = Selection {
            rules: 3,
            rules_total: 3,
            ..Default::default()
        };
        assert_eq!(VI.footer(&all), "");
    }
}
