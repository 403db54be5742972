//! The general unequal-treatment analysis and per-unit accent modes, on the
//! embedded pack: what a clause does is found however it is worded, lawful
//! look-alikes are left alone, and typing without diacritics changes
//! nothing.

use huonguoc_screen::{ScreenOptions, Screener};

fn screener() -> Screener {
    Screener::embedded().expect("the embedded pack compiles")
}

/// Categories found in a text, with the analysis's own findings marked.
fn categories(s: &Screener, text: &str) -> Vec<String> {
    let mut out: Vec<String> = s
        .screen(text)
        .into_iter()
        .map(|f| f.category.to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

#[test]
fn acts_are_found_by_what_they_do() {
    // Wordings no specific rule lists: who, what, where.
    let table: &[(&str, &str)] = &[
        ("Đờn bà trong xóm hổng được lên nhà làng dự lễ.", "rituals"),
        (
            "Việc giữ sổ đỏ của nhà do người chồng nắm giữ.",
            "property-land",
        ),
        (
            "Người vợ muốn đi làm ăn xa phải xin phép chồng.",
            "mobility-work",
        ),
        (
            "Chàng rể phải sang làm công cho nhà vợ ba năm.",
            "residence",
        ),
        (
            "Thanh niên nam trong thôn phải đóng quỹ an ninh 50.000 đồng mỗi năm.",
            "unequal-penalties",
        ),
        (
            "Lao động nam làm 10 ngày công, lao động nữ làm 5 ngày công.",
            "domestic-roles",
        ),
        (
            "Con trai út không được chia phần nương rẫy của cha mẹ.",
            "inheritance",
        ),
    ];
    let s = screener();
    for (text, category) in table {
        let found = categories(&s, text);
        assert!(
            found.iter().any(|c| c == category),
            "{text:?}: expected {category}, found {found:?}"
        );
    }
}

#[test]
fn lawful_look_alikes_are_left_alone() {
    let table = [
        "Nghiêm cấm cấm đoán phụ nữ vào đình dự lễ.",
        "Vợ, chồng cùng đứng tên trên giấy chứng nhận quyền sử dụng đất.",
        "Học sinh nam và học sinh nữ đạt giải được thưởng cùng một mức.",
        "Phạt mỗi bên 200.000 đồng nếu vi phạm.",
        "Phụ nữ mang thai được miễn lao động công ích.",
        "Chi hội phụ nữ thôn phối hợp tổ hòa giải thăm hỏi các gia đình.",
        "Người chồng không được tự ý bán đất là tài sản chung khi vợ chưa đồng ý.",
        "Không được ép con gái bỏ học để lấy chồng.",
        "Theo luật, nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi mới được kết hôn.",
    ];
    let s = screener();
    for text in table {
        assert!(
            s.screen(text).is_empty(),
            "{text:?} was flagged: {:?}",
            categories(&s, text)
        );
    }
}

#[test]
fn findings_of_the_analysis_say_what_they_saw() {
    let s = screener();
    let f = s.screen("Đờn bà trong xóm hổng được lên nhà làng dự lễ.");
    let f = f
        .iter()
        .find(|f| f.rule.ends_with(".unequal-treatment"))
        .expect("a finding");
    assert!(f.message.contains("«Đờn bà»"), "{}", f.message);
    assert!(f.message.contains("«hổng được»"), "{}", f.message);
    assert!(!f.legal.is_empty() && !f.suggestion.is_empty());
}

#[test]
fn a_short_unaccented_clause_is_matched_folded() {
    let s = screener();
    for text in [
        "Con gai da lay chong khong duoc chia dat cua bo me.",
        "Phu nu khong duoc vao dinh.",
    ] {
        assert!(!s.screen(text).is_empty(), "{text:?} not found");
    }
}

#[test]
fn a_title_above_an_unnumbered_clause_is_no_organisation_name() {
    // "hội" ending the title and "phụ nữ" starting the next line would read
    // as "Hội phụ nữ" if terms ran across the heading's line end.
    let s = screener();
    for title in ["Lễ hội", "Tổ chức lễ hội"] {
        let text = format!("Điều 7. {title}\nPhụ nữ không được vào đình.\n");
        let f = s.screen(&text);
        assert!(
            f.iter()
                .any(|f| f.category == "rituals" && f.location == "Điều 7"),
            "{title}: {f:?}"
        );
    }
}

#[test]
fn a_covenant_typed_half_without_diacritics_keeps_its_findings() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let s = screener();
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("corpus") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("utf-8 covenant");
        let lines: Vec<&str> = text.lines().collect();
        let half = lines.len() / 2;
        let mut mixed: Vec<String> = lines[..half].iter().map(|l| l.to_string()).collect();
        mixed.extend(lines[half..].iter().map(|l| fold(l)));
        let mixed = mixed.join("\n");
        let key = |t: &str| -> Vec<(String, String)> {
            s.screen_with(t, &ScreenOptions::default())
                .findings
                .into_iter()
                .map(|f| (f.rule.to_string(), f.location))
                .collect()
        };
        assert_eq!(key(&text), key(&mixed), "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} covenants");
}
