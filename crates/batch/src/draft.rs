//! The draft amendment a village votes on: "Nghị quyết … sửa đổi, bổ sung
//! hương ước thôn …", one item per amended unit with its current text,
//! the proposed text and the legal basis, and a closing section for the
//! vote and the signatures.
//!
//! Its form follows Nghị định 61/2023/NĐ-CP: an amendment goes through
//! the same drafting, consultation, vote and recognition as the covenant
//! (Điều 13 khoản 4), it passes with more than half of the households'
//! representatives (Điều 10), and it is signed by the head of the
//! community, the head of the Front work committee and two household
//! representatives (Điều 6 khoản 1). The amended text stays in
//! Vietnamese (Điều 6 khoản 4), whatever the language of the labels.

use huonguoc_formats::Style;
use huonguoc_screen::amend::{Amendment, Edit, How};
use huonguoc_screen::structure::UnitKind;
use huonguoc_screen::{Finding, Lang, RulePack};

use crate::place::Place;

/// The first words of the draft's closing note, by which huonguoc knows
/// its own drafts and never screens them as covenants (the draft quotes
/// the clauses it amends).
pub const DRAFT_MARK: &str = "Dự thảo do huonguoc lập";

/// One finding of an item.
#[derive(Debug, Clone)]
pub struct DraftFinding {
    /// The finding.
    pub finding: Finding,
    /// What the amendment does with it.
    pub how: How,
    /// A waiver for it waits for review: it is amended, and marked.
    pub pending: bool,
}

/// One item: a unit and the change to it.
#[derive(Debug, Clone)]
pub struct Item {
    /// The change.
    pub edit: Edit,
    /// The findings it resolves.
    pub findings: Vec<DraftFinding>,
}

/// A draft amendment of one covenant.
///
/// ```
/// use huonguoc_batch::{Draft, Place};
/// use huonguoc_screen::{Lang, Screener, amend::AmendOptions};
/// let screener = Screener::embedded().unwrap();
/// let text = "HƯƠNG ƯỚC\nTHÔN ĐÔNG, XÃ TÂY\nĐiều 3. Tổ chức\n1. Trưởng thôn phải là nam giới có uy tín.\n";
/// let a = screener.amend(text, &AmendOptions::default());
/// let d = Draft::new(&a, screener.pack(), Place::from_text(text), &[], &[]);
/// let lines: Vec<String> = d.blocks(Lang::Vi, "2025-03-01").into_iter().map(|(_, t)| t).collect();
/// assert!(lines.contains(&"Về việc sửa đổi, bổ sung Hương ước thôn Đông, xã Tây".to_string()));
/// assert!(lines.contains(&"1. Sửa đổi khoản 1 Điều 3 như sau:".to_string()));
/// ```
#[derive(Debug, Clone)]
pub struct Draft {
    /// The covenant's name.
    pub place: Place,
    /// The items, in text order.
    pub items: Vec<Item>,
    /// Findings left as they are: an accepted waiver covers them.
    pub waived: Vec<Finding>,
    /// Findings the amendment could not clear (none, unless the pack
    /// flags a repealed unit).
    pub left: Vec<Finding>,
    rules: Vec<(String, String, String)>,
}

impl Draft {
    /// Builds the draft of an amendment. `pending` and `waived` are
    /// fingerprints: waivers waiting for review, and accepted ones.
    pub fn new(
        amendment: &Amendment,
        pack: &RulePack,
        place: Place,
        pending: &[String],
        waived: &[String],
    ) -> Draft {
        let items = amendment
            .edits
            .iter()
            .map(|e| Item {
                edit: e.clone(),
                findings: e
                    .changes
                    .iter()
                    .map(|c| {
                        let f = amendment.findings[c.finding].clone();
                        DraftFinding {
                            pending: pending.contains(&f.fingerprint),
                            finding: f,
                            how: c.how,
                        }
                    })
                    .collect(),
            })
            .collect();
        let rules = pack
            .rules
            .iter()
            .filter_map(|r| {
                let w = r.rewrite.as_ref()?;
                Some((r.id.clone(), w.note.clone(), w.note_en.clone()))
            })
            .collect();
        Draft {
            place,
            items,
            waived: amendment
                .findings
                .iter()
                .filter(|f| waived.contains(&f.fingerprint))
                .cloned()
                .collect(),
            left: amendment.left.clone(),
            rules,
        }
    }

    /// How many findings each treatment got.
    pub fn counts(&self) -> [(How, usize); 4] {
        let n = |h: How| {
            self.items
                .iter()
                .flat_map(|i| &i.findings)
                .filter(|f| f.how == h)
                .count()
        };
        [How::Rewritten, How::Suggested, How::Deleted, How::Repealed].map(|h| (h, n(h)))
    }

    /// The draft as styled paragraphs, in order; `date` is the day it is
    /// drawn up, `YYYY-MM-DD`.
    pub fn blocks(&self, lang: Lang, date: &str) -> Vec<(Style, String)> {
        let l = Labels::of(lang);
        let mut out: Vec<(Style, String)> = Vec::new();
        let mut push = |s: Style, t: String| out.push((s, t));
        let place = self.place.place();
        let community = self.place.village.clone().unwrap_or_else(|| place.clone());
        push(Style::Center, community.to_uppercase());
        push(Style::Center, l.nation.into());
        push(Style::Center, l.motto.into());
        push(Style::Center, l.date_line.into());
        push(Style::Title, l.draft.into());
        push(Style::Title, l.resolution.into());
        push(Style::Center, format!("{} {}", l.about, self.place.name()));
        for basis in l.bases {
            push(Style::Normal, (*basis).into());
        }
        push(Style::Normal, l.review(self.items.len()));
        push(Style::Normal, l.decides(&community));
        push(Style::Heading, l.article1(&self.place.name()));
        for (n, item) in self.items.iter().enumerate() {
            self.item(&mut push, &l, lang, n + 1, item);
        }
        if !self.waived.is_empty() {
            push(Style::Note, l.waived.into());
            for f in &self.waived {
                push(
                    Style::Note,
                    format!("- {}: {} ({})", f.location, f.title, f.rule),
                );
            }
        }
        if !self.left.is_empty() {
            push(Style::Note, l.left(self.left.len()));
        }
        push(Style::Heading, l.article2.into());
        let commune = self.place.commune.clone().unwrap_or_else(|| "…".into());
        push(Style::Normal, l.effect(&commune, &self.place.name()));
        push(Style::Heading, l.vote.into());
        for line in l.vote_lines {
            push(Style::Normal, (*line).into());
        }
        push(Style::Note, l.vote_rule.into());
        push(Style::Heading, l.signatures.into());
        for line in l.signers {
            push(Style::Normal, (*line).into());
        }
        push(Style::Note, l.mark(date));
        out
    }

    fn item(
        &self,
        push: &mut impl FnMut(Style, String),
        l: &Labels,
        lang: Lang,
        n: usize,
        item: &Item,
    ) {
        let e = &item.edit;
        let cite = l.cite(e, lang);
        let head = match (e.repealed, e.kind) {
            (true, UnitKind::Preamble | UnitKind::Chapter) => l.repeal_para(&cite),
            (true, _) => l.repeal(&cite),
            (false, UnitKind::Preamble | UnitKind::Chapter) => l.amend_para(&cite),
            (false, _) if e.lead_in => l.amend_lead(&cite),
            (false, _) => l.amend(&cite),
        };
        push(Style::Normal, format!("{n}. {head}"));
        push(Style::Note, l.current.into());
        for line in quoted(&e.marker, &e.old) {
            push(Style::Quote, line);
        }
        if !e.repealed {
            push(Style::Note, l.proposed.into());
            for line in quoted(&e.marker, &e.new) {
                push(Style::Quote, line);
            }
        }
        for f in &item.findings {
            let what = format!(
                "{} {} ({}, {}).",
                l.finding,
                f.finding.title,
                f.finding.rule,
                l.severity(f.finding.severity)
            );
            push(Style::Note, what);
            push(
                Style::Note,
                format!(
                    "{} {}",
                    l.how,
                    l.treatment(f.how, self.note(&f.finding.rule, lang))
                ),
            );
            if f.pending {
                push(Style::Note, l.pending.into());
            }
        }
        let mut legal: Vec<&str> = Vec::new();
        for f in &item.findings {
            for c in f.finding.legal.iter() {
                if !legal.contains(&c.as_str()) {
                    legal.push(c);
                }
            }
        }
        push(Style::Note, format!("{} {}.", l.legal, legal.join("; ")));
    }

    fn note(&self, rule: &str, lang: Lang) -> Option<&str> {
        let (_, vi, en) = self.rules.iter().find(|(id, _, _)| id == rule)?;
        let s = lang.pick(vi, en);
        (!s.is_empty()).then_some(s)
    }

    /// The draft as Markdown that also reads as plain text.
    pub fn markdown(&self, lang: Lang, date: &str) -> String {
        let mut out = String::new();
        for (style, text) in self.blocks(lang, date) {
            let line = match style {
                Style::Title => format!("# {text}"),
                Style::Heading => format!("## {text}"),
                Style::Quote => format!("> {text}"),
                Style::Note => format!("   {text}"),
                Style::Center | Style::Normal => text,
            };
            out.push_str(&line);
            out.push_str("\n\n");
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }
}

/// A unit's text as quoted lines, its heading marker in front, inside
/// Vietnamese quotation marks.
fn quoted(marker: &str, text: &str) -> Vec<String> {
    let full = if marker.is_empty() {
        text.to_owned()
    } else {
        format!("{marker} {text}")
    };
    let lines: Vec<&str> = full
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let last = lines.len().saturating_sub(1);
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let open = if i == 0 { "“" } else { "" };
            let close = if i == last { "”" } else { "" };
            format!("{open}{l}{close}")
        })
        .collect()
}

/// The draft's words in one language.
struct Labels {
    lang: Lang,
    nation: &'static str,
    motto: &'static str,
    date_line: &'static str,
    draft: &'static str,
    resolution: &'static str,
    about: &'static str,
    bases: &'static [&'static str],
    current: &'static str,
    proposed: &'static str,
    finding: &'static str,
    how: &'static str,
    legal: &'static str,
    pending: &'static str,
    waived: &'static str,
    article2: &'static str,
    vote: &'static str,
    vote_lines: &'static [&'static str],
    vote_rule: &'static str,
    signatures: &'static str,
    signers: &'static [&'static str],
}

const VI: Labels = Labels {
    lang: Lang::Vi,
    nation: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    motto: "Độc lập - Tự do - Hạnh phúc",
    date_line: "…………, ngày …… tháng …… năm ……",
    draft: "DỰ THẢO",
    resolution: "NGHỊ QUYẾT",
    about: "Về việc sửa đổi, bổ sung",
    bases: &[
        "Căn cứ khoản 3 Điều 15 và Điều 18 Luật Thực hiện dân chủ ở cơ sở năm 2022;",
        "Căn cứ Điều 10 và Điều 13 Nghị định số 61/2023/NĐ-CP ngày 16 tháng 8 năm 2023 của Chính phủ về xây dựng và thực hiện hương ước, quy ước của cộng đồng dân cư;",
    ],
    current: "Nội dung hiện hành:",
    proposed: "Nội dung sửa đổi:",
    finding: "Lý do sửa đổi:",
    how: "Cách sửa:",
    legal: "Căn cứ pháp lý:",
    pending: "(Phát hiện này có miễn trừ đang chờ xem xét: vẫn đưa vào dự thảo cho đến khi miễn trừ được chấp nhận.)",
    waived: "Các nội dung sau có miễn trừ đã được chấp nhận nên không đưa vào dự thảo:",
    article2: "Điều 2. Hiệu lực thi hành",
    vote: "KẾT QUẢ BIỂU QUYẾT",
    vote_lines: &[
        "Tổng số hộ gia đình trong cộng đồng dân cư: ………… hộ.",
        "Số đại diện hộ gia đình dự họp: ………… (tỷ lệ ……%).",
        "Số đại diện hộ gia đình tán thành: ………… (tỷ lệ ……% tổng số hộ).",
        "Số đại diện hộ gia đình không tán thành: …………",
    ],
    vote_rule: "Nghị quyết được thông qua khi có trên 50% tổng số đại diện hộ gia đình trong cộng đồng dân cư tán thành (Điều 10 Nghị định số 61/2023/NĐ-CP).",
    signatures: "XÁC NHẬN",
    signers: &[
        "TRƯỞNG THÔN (TỔ TRƯỞNG TỔ DÂN PHỐ) — ký, ghi rõ họ tên: ……………………",
        "TRƯỞNG BAN CÔNG TÁC MẶT TRẬN — ký, ghi rõ họ tên: ……………………",
        "ĐẠI DIỆN HỘ GIA ĐÌNH — ký, ghi rõ họ tên: 1. …………………… 2. ……………………",
    ],
};

const EN: Labels = Labels {
    lang: Lang::En,
    nation: "SOCIALIST REPUBLIC OF VIET NAM",
    motto: "Independence - Freedom - Happiness",
    date_line: "…………, date …… month …… year ……",
    draft: "DRAFT",
    resolution: "RESOLUTION",
    about: "amending",
    bases: &[
        "Pursuant to clause 3 of Article 15 and Article 18 of the Law on Grassroots Democracy 2022;",
        "Pursuant to Articles 10 and 13 of Decree 61/2023/NĐ-CP of 16 August 2023 on community covenants;",
    ],
    current: "Current text:",
    proposed: "Amended text (in Vietnamese, the language of covenants, Decree 61/2023, Article 6(4)):",
    finding: "Reason:",
    how: "Change:",
    legal: "Legal basis:",
    pending: "(A waiver of this finding awaits review: it stays in the draft until the waiver is accepted.)",
    waived: "Not amended, under accepted waivers:",
    article2: "Article 2. Entry into force",
    vote: "VOTE",
    vote_lines: &[
        "Households in the community: ………… ",
        "Household representatives present: ………… (……%).",
        "Household representatives in favour: ………… (……% of all households).",
        "Household representatives against: …………",
    ],
    vote_rule: "The resolution passes when more than half of all household representatives vote in favour (Decree 61/2023, Article 10).",
    signatures: "SIGNATURES",
    signers: &[
        "HEAD OF THE VILLAGE (RESIDENTIAL GROUP) — signature, full name: ……………………",
        "HEAD OF THE FRONT WORK COMMITTEE — signature, full name: ……………………",
        "HOUSEHOLD REPRESENTATIVES — signatures, full names: 1. …………………… 2. ……………………",
    ],
};

impl Labels {
    fn of(lang: Lang) -> Labels {
        match lang {
            Lang::Vi => VI,
            Lang::En => EN,
        }
    }

    fn en(&self) -> bool {
        self.lang == Lang::En
    }

    fn review(&self, n: usize) -> String {
        if self.en() {
            format!(
                "Having regard to the review of the covenant for gender equality: {n} unit(s) to amend;"
            )
        } else {
            format!(
                "Căn cứ kết quả rà soát nội dung bình đẳng giới của hương ước, quy ước: {n} nội dung cần sửa đổi, bổ sung;"
            )
        }
    }

    fn decides(&self, community: &str) -> String {
        if self.en() {
            format!("The meeting of the community of {community} resolves:")
        } else {
            format!("Hội nghị cộng đồng dân cư {community} quyết nghị:")
        }
    }

    fn article1(&self, name: &str) -> String {
        if self.en() {
            format!("Article 1. Amendments to the {name}")
        } else {
            format!("Điều 1. Sửa đổi, bổ sung, bãi bỏ một số nội dung của {name} như sau:")
        }
    }

    fn cite(&self, e: &Edit, lang: Lang) -> String {
        let vi = e.citation.clone();
        if lang == Lang::Vi {
            return vi;
        }
        let a = &e.address;
        let mut parts = Vec::new();
        if let Some(x) = &a.article {
            parts.push(format!("Article {x}"));
        }
        if let Some(x) = &a.clause {
            parts.push(format!("clause {x}"));
        }
        if let Some(x) = &a.point {
            parts.push(format!("point {x}"));
        }
        if parts.is_empty() {
            return match &a.chapter {
                Some(c) => format!("Chapter {c}"),
                None => "the preamble".into(),
            };
        }
        format!("{vi} ({})", parts.join(", "))
    }

    fn amend(&self, cite: &str) -> String {
        if self.en() {
            format!("Amend {cite} as follows:")
        } else {
            format!("Sửa đổi {cite} như sau:")
        }
    }

    fn amend_lead(&self, cite: &str) -> String {
        if self.en() {
            format!("Amend the opening words of {cite} as follows (its points stay):")
        } else {
            format!("Sửa đổi phần mở đầu của {cite} như sau (các điểm giữ nguyên):")
        }
    }

    fn amend_para(&self, cite: &str) -> String {
        if self.en() {
            format!("Amend the following paragraph of {cite}:")
        } else {
            format!("Sửa đổi đoạn sau của {cite}:")
        }
    }

    fn repeal(&self, cite: &str) -> String {
        if self.en() {
            format!("Repeal {cite}.")
        } else {
            format!("Bãi bỏ {cite}.")
        }
    }

    fn repeal_para(&self, cite: &str) -> String {
        if self.en() {
            format!("Repeal the following paragraph of {cite}:")
        } else {
            format!("Bãi bỏ đoạn sau của {cite}:")
        }
    }

    fn severity(&self, s: huonguoc_screen::Severity) -> &'static str {
        if self.en() { s.name() } else { s.label_vi() }
    }

    fn treatment(&self, how: How, note: Option<&str>) -> String {
        let (vi, en) = match how {
            How::Rewritten => (
                "sửa trên câu chữ của điều khoản",
                "the clause itself is rewritten",
            ),
            How::Suggested => (
                "không có cách sửa an toàn trên câu chữ: thay bằng điều khoản mới theo gợi ý của quy tắc",
                "no safe rewrite of the wording: replaced by a new clause, the rule's suggestion",
            ),
            How::Deleted => (
                "bỏ câu này, phần còn lại giữ nguyên",
                "this sentence is deleted, the rest stays",
            ),
            How::Repealed => (
                "bãi bỏ, giữ số thứ tự và ghi “(bãi bỏ)”, không đánh số lại",
                "repealed, keeping its number with “(bãi bỏ)”, nothing renumbered",
            ),
        };
        let base = if self.en() { en } else { vi };
        match note {
            Some(n) if how == How::Rewritten || how == How::Repealed || how == How::Deleted => {
                format!("{base} — {n}")
            }
            _ => format!("{base}."),
        }
    }

    fn left(&self, n: usize) -> String {
        if self.en() {
            format!(
                "Warning: {n} finding(s) could not be cleared automatically; the drafting team must word them."
            )
        } else {
            format!("Lưu ý: còn {n} nội dung chưa sửa được tự động; Tổ soạn thảo cần soạn lại.")
        }
    }

    fn effect(&self, commune: &str, name: &str) -> String {
        if self.en() {
            format!(
                "This resolution takes effect when the People's Committee of {commune} recognises it. The rest of the {name} stays in force."
            )
        } else {
            format!(
                "Nghị quyết này có hiệu lực kể từ ngày được Ủy ban nhân dân {commune} công nhận. Các nội dung khác của {name} giữ nguyên hiệu lực."
            )
        }
    }

    fn mark(&self, date: &str) -> String {
        let v = env!("CARGO_PKG_VERSION");
        if self.en() {
            format!(
                "{DRAFT_MARK} (phiên bản {v}) ngày {date} (draft drawn up by huonguoc from the review): the drafting team reviews and completes it before consultation (Decree 61/2023, Articles 8 and 9)."
            )
        } else {
            format!(
                "{DRAFT_MARK} (phiên bản {v}) ngày {date} từ kết quả rà soát: Tổ soạn thảo xem xét, hoàn thiện trước khi lấy ý kiến cộng đồng dân cư (Điều 8, Điều 9 Nghị định số 61/2023/NĐ-CP)."
            )
        }
    }
}
