//! "Did you mean": the nearest rule ids and categories to a mistyped one.

/// Up to `n` of `candidates` nearest to `word`, nearest first: those that
/// contain it (a rule's name without its category), then those within a
/// few edits of the whole id or of its part after the category. Nothing
/// far off is offered, so a suggestion is worth reading.
pub fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let word = word.trim().to_lowercase();
    if word.is_empty() {
        return Vec::new();
    }
    let budget = (word.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let tail = c.split_once('.').map_or(c, |(_, t)| t);
            let score = if c.contains(word.as_str()) {
                0
            } else {
                1 + distance(&word, c).min(distance(&word, tail))
            };
            (score <= budget + 1).then_some((score, c))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// Levenshtein distance over characters: Vietnamese ids are ASCII today,
/// but a query may not be.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: &[&str] = &[
        "inheritance",
        "inheritance.daughter-excluded",
        "inheritance.unequal-amounts",
        "participation.men-only-meeting-vote",
        "stereotypes",
    ];

    #[test]
    fn distances() {
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("phạm", "pham"), 1);
    }

    #[test]
    fn offers_near_ids_and_nothing_far() {
        assert_eq!(
            nearest("inheritence", IDS.iter().copied(), 3)[0],
            "inheritance"
        );
        assert_eq!(
            nearest("daughter-excluded", IDS.iter().copied(), 3),
            ["inheritance.daughter-excluded"]
        );
        assert_eq!(
            nearest("inheritance.daughter-exclude", IDS.iter().copied(), 1),
            ["inheritance.daughter-excluded"]
        );
        assert!(nearest("zzzzzz", IDS.iter().copied(), 3).is_empty());
        assert!(nearest("", IDS.iter().copied(), 3).is_empty());
    }
}
