//! Calendar dates in a config: `YYYY-MM-DD`, checked, without a date
//! crate.

use serde::Deserialize;

/// A calendar date, written in TOML either bare (`2025-03-01`) or quoted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub String);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Text(String),
            Toml(toml::value::Datetime),
        }
        let text = match Repr::deserialize(d).map_err(|_| {
            serde::de::Error::custom("ngày phải có dạng YYYY-MM-DD (date must be YYYY-MM-DD)")
        })? {
            Repr::Text(s) => s,
            Repr::Toml(dt) => dt.to_string(),
        };
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "ngày `{text}` phải có dạng YYYY-MM-DD (date must be YYYY-MM-DD)"
            ))
        })
    }
}

impl Date {
    /// Accepts `YYYY-MM-DD` with a real month and day.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let b = s.as_bytes();
        // Digits only: `str::parse` takes a sign, so "+025-02-03" passed.
        let digits = [0, 1, 2, 3, 5, 6, 8, 9];
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        if !digits.iter().all(|&i| b[i].is_ascii_digit()) {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        if !(1..=12).contains(&m) || d == 0 || d > days[m as usize - 1] {
            return None;
        }
        Some(Date(s.to_owned()))
    }

    /// Today in UTC, or the day of `SOURCE_DATE_EPOCH` when it is set, so
    /// that a report (and which waivers have expired) can be reproduced.
    pub fn today() -> Date {
        let epoch = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok());
        let secs = epoch.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
        let (y, m, d) = civil_from_days((secs / 86_400) as i64);
        Date(format!("{y:04}-{m:02}-{d:02}"))
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm), so
/// that no date crate is needed for one comparison.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2025-13-01").is_none());
        assert!(Date::parse("25-1-1").is_none());
        // A sign or spaces inside a field are not digits.
        for bad in [
            "+025-02-03",
            "-025-02-03",
            "2025-+2-03",
            "2025-02-+3",
            " 025-02-03",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
        assert!(Date::parse("0025-02-03").is_some());
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_000), (2024, 10, 4));
    }
}
