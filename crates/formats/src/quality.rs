//! Spotting text layers too damaged to screen, so that a covenant is
//! reported as unreadable instead of silently matching nothing.

/// Returns a reason (Vietnamese, with English in parentheses) when `text`
/// shows the damage typical of PDF text layers, else `None`.
///
/// Detected: Ư/ư replaced by Ƣ/ƣ (U+01A2/U+01A3); letters with diacritics
/// stripped out ("LUT BNH NG GII"), seen as many vowel-less words; spaces
/// inside syllables ("mộ t trong n hững"), seen as many lone consonants.
/// Text without any diacritics is *not* flagged: unaccented covenants are
/// legitimate. Thresholds are conservative so that ordinary Vietnamese and
/// English prose pass.
pub fn text_quality(text: &str) -> Option<String> {
    let broken_u = text.chars().filter(|c| matches!(c, 'Ƣ' | 'ƣ')).count();
    if broken_u > 0 {
        return Some(format!(
            "chữ Ư/ư bị thay bằng Ƣ/ƣ ({broken_u} lần) do lỗi phông trong lớp văn bản PDF \
             (Ư/ư replaced by U+01A2/U+01A3 in the text layer)"
        ));
    }
    let mut words = 0usize;
    let mut vowelless = 0usize;
    let mut lone_consonants = 0usize;
    for raw in text.split_whitespace() {
        // Only ASCII and typographic punctuation is peeled off: a token
        // with Latin-1 symbols left ("x·", "d©n") is unconverted TCVN3,
        // the caller's business, not damage to report here.
        let core = raw.trim_matches(|c: char| c.is_ascii_punctuation() || "“”‘’…–—".contains(c));
        if core.is_empty() || !core.chars().all(char::is_alphabetic) {
            continue;
        }
        // A letter followed by punctuation is a list marker, a reference or
        // an initial ("b)", "điểm b, c", "Nguyễn V. A"), not a broken syllable.
        let marker = raw
            .find(core)
            .and_then(|at| raw[at + core.len()..].chars().next())
            .is_some_and(|c| c.is_ascii_punctuation());
        words += 1;
        let n = core.chars().count();
        let has_vowel = core.chars().any(is_vowel);
        if n >= 2 && core.is_ascii() && !has_vowel {
            vowelless += 1;
        }
        if n == 1 && !has_vowel && !marker {
            lone_consonants += 1;
        }
    }
    if words >= 8 && vowelless * 5 >= words {
        return Some(format!(
            "nhiều chữ bị mất dấu và mất nguyên âm ({vowelless}/{words} từ), như \"LUT BNH NG GII\" \
             (letters with diacritics stripped from the text layer)"
        ));
    }
    if words >= 8 && lone_consonants >= 4 && lone_consonants * 20 >= words {
        return Some(format!(
            "có khoảng trắng chen giữa âm tiết ({lone_consonants} mảnh rời), như \"mộ t trong n hững\" \
             (spaces inside syllables)"
        ));
    }
    None
}

fn is_vowel(c: char) -> bool {
    let base = c.to_lowercase().next().unwrap_or(c);
    if "aeiouy".contains(base) {
        return true;
    }
    // Any Latin letter carrying a vowel diacritic counts: á, ề, ư, ơ, ỵ…
    matches!(base as u32, 0xE0..=0xFF | 0x100..=0x17F | 0x1A0..=0x1B0 | 0x1EA0..=0x1EF9)
        && base != 'đ'
        && base != 'ñ'
        && base != 'ç'
}
