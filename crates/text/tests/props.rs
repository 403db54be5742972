//! Property tests of the matching form and its offset map.

use huonguoc_text::{Mode, normalize};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

const WORDS: &[&str] = &[
    "con", "gái", "trai", "phụ", "nữ", "hòa", "giải", "thủy", "lợi", "khỏe", "góa", "chồng",
    "được", "không", "chia", "đất", "người", "quý", "già", "của", "tuổi", "ngoài", "Điều", "khoản",
    "hương", "ước", "bản", "đình", "thờ", "cúng", "xóa", "bỏ", "hủ", "tục", "mỗi", "hộ", "nghiêm",
    "cấm", "tảo", "hôn", "ủy", "ban", "lòa", "họa",
];

/// Moves the tone of oa/oe/uy in open syllables to the other vowel, the
/// way the "new style" spells them.
fn other_style(word: &str) -> String {
    const PAIRS: &[(&str, &str)] = &[
        ("òa", "oà"),
        ("óa", "oá"),
        ("ỏa", "oả"),
        ("õa", "oã"),
        ("ọa", "oạ"),
        ("òe", "oè"),
        ("óe", "oé"),
        ("ỏe", "oẻ"),
        ("õe", "oẽ"),
        ("ọe", "oẹ"),
        ("ùy", "uỳ"),
        ("úy", "uý"),
        ("ủy", "uỷ"),
        ("ũy", "uỹ"),
        ("ụy", "uỵ"),
    ];
    for (old, new) in PAIRS {
        if word.ends_with(old) && !word.starts_with("qu") {
            return format!("{}{}", &word[..word.len() - old.len()], new);
        }
    }
    word.to_owned()
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..12).prop_map(|w| w.join(" "))
}

proptest! {
    #[test]
    fn normalization_never_panics(s in any::<String>()) {
        let _ = normalize(&s, Mode::Accented);
        let _ = normalize(&s, Mode::Folded);
    }

    #[test]
    fn spans_map_inside_the_original_on_char_boundaries(
        s in "\\PC{0,60}",
        picks in prop::collection::vec(any::<prop::sample::Index>(), 2),
    ) {
        for mode in [Mode::Accented, Mode::Folded] {
            let n = normalize(&s, mode);
            let bounds: Vec<usize> = n.text.char_indices().map(|(i, _)| i)
                .chain(std::iter::once(n.text.len())).collect();
            let mut a = picks[0].get(&bounds).to_owned();
            let mut b = picks[1].get(&bounds).to_owned();
            if a > b { std::mem::swap(&mut a, &mut b); }
            let start = n.map.start_to_source(a);
            let end = n.map.end_to_source(b);
            prop_assert!(start <= s.len() && end <= s.len());
            prop_assert!(s.is_char_boundary(start) && s.is_char_boundary(end));
            prop_assert!(start <= end || a == b, "{a}..{b} -> {start}..{end} in {s:?}");
        }
    }

    #[test]
    fn spellings_of_one_sentence_share_a_matching_form(s in sentence()) {
        let plain = normalize(&s, Mode::Accented).text;
        let nfd: String = s.nfd().collect();
        prop_assert_eq!(&normalize(&nfd, Mode::Accented).text, &plain);
        let other: String = s.split(' ').map(other_style).collect::<Vec<_>>().join(" ");
        prop_assert_eq!(&normalize(&other, Mode::Accented).text, &plain);
        prop_assert_eq!(&normalize(&s.to_uppercase(), Mode::Accented).text, &plain);
        let spaced = s.replace(' ', " \u{a0}\t");
        prop_assert_eq!(&normalize(&spaced, Mode::Accented).text, &plain);
    }
}
