//! The covenant's own name, read from its title: "HƯƠNG ƯỚC / THÔN PHÚ
//! LỄ, XÃ VŨ PHÚC, HUYỆN KIẾN XƯƠNG, TỈNH THÁI BÌNH".

use huonguoc_text::{Mode, normalize};
use serde::Serialize;

/// Where a covenant belongs, as its title names it.
///
/// ```
/// use huonguoc_batch::Place;
/// let p = Place::from_text("UBND XÃ VŨ PHÚC\nHƯƠNG ƯỚC\nTHÔN PHÚ LỄ, XÃ VŨ PHÚC, HUYỆN KIẾN XƯƠNG, TỈNH THÁI BÌNH\nĐiều 1. Chung");
/// assert_eq!(p.kind, "Hương ước");
/// assert_eq!(p.village.as_deref(), Some("thôn Phú Lễ"));
/// assert_eq!(p.name(), "Hương ước thôn Phú Lễ, xã Vũ Phúc, huyện Kiến Xương, tỉnh Thái Bình");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Place {
    /// "Hương ước" or "Quy ước".
    pub kind: String,
    /// "thôn Phú Lễ", "bản Huổi Lếch", "tổ dân phố số 7".
    pub village: Option<String>,
    /// "xã Vũ Phúc", "phường An Cựu".
    pub commune: Option<String>,
    /// "huyện Kiến Xương", "thành phố Huế".
    pub district: Option<String>,
    /// "tỉnh Thái Bình", "thành phố Đà Nẵng".
    pub province: Option<String>,
}

/// Unit words of each level, longest first, in matching (folded) form:
/// level 0 the community, 1 commune, 2 district, 3 province.
const LEVELS: &[(&str, &str, &[u8])] = &[
    ("to dan pho", "tổ dân phố", &[0]),
    ("khu dan cu", "khu dân cư", &[0]),
    ("khu pho", "khu phố", &[0]),
    ("thi tran", "thị trấn", &[1]),
    ("thi xa", "thị xã", &[2]),
    ("thanh pho", "thành phố", &[2, 3]),
    ("thon", "thôn", &[0]),
    ("ban", "bản", &[0]),
    ("xom", "xóm", &[0]),
    ("ap", "ấp", &[0]),
    ("buon", "buôn", &[0]),
    ("plei", "plei", &[0]),
    ("phum", "phum", &[0]),
    ("lang", "làng", &[0]),
    ("xa", "xã", &[1]),
    ("phuong", "phường", &[1]),
    ("huyen", "huyện", &[2]),
    ("quan", "quận", &[2]),
    ("tinh", "tỉnh", &[3]),
];

impl Place {
    /// Reads the title of a covenant: the line after "HƯƠNG ƯỚC" (or the
    /// rest of that line), and the commune of an "UBND XÃ …" header when
    /// the title names none. Parts it cannot find stay `None`.
    pub fn from_text(text: &str) -> Place {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(60)
            .collect();
        let folded: Vec<String> = lines.iter().map(|l| fold(l)).collect();
        let mut place = Place {
            kind: "Hương ước".into(),
            ..Place::default()
        };
        let title = folded
            .iter()
            .position(|l| l.starts_with("huong uoc") || l.starts_with("quy uoc"));
        if let Some(t) = title {
            place.kind = kind_of(&folded[t]).into();
            let candidates = [
                after_kind(lines[t], &folded[t]),
                lines.get(t + 1).map(|l| (*l, folded[t + 1].as_str())),
            ];
            for (line, f) in candidates.into_iter().flatten() {
                let (line, f) = match after_kind(line, f) {
                    Some((rest, rf)) => {
                        place.kind = kind_of(f).into();
                        (rest, rf)
                    }
                    None => (line, f),
                };
                let parts = parse(line, f);
                if parts.iter().any(Option::is_some) {
                    place.set(parts);
                    break;
                }
            }
        }
        if place.commune.is_none() {
            // "UBND XÃ PHONG DỤ THƯỢNG" / "ỦY BAN NHÂN DÂN XÃ …".
            for (line, f) in lines.iter().zip(&folded).take(6) {
                let rest = f
                    .strip_prefix("ubnd ")
                    .or_else(|| f.strip_prefix("uy ban nhan dan "));
                if let Some(rest) = rest {
                    let skip = line.len() - original_tail(line, rest.len());
                    let parts = parse(&line[skip..], rest);
                    if parts[1].is_some() {
                        place.commune = parts[1].clone();
                    }
                }
            }
        }
        place
    }

    fn set(&mut self, parts: [Option<String>; 4]) {
        let [v, c, d, p] = parts;
        self.village = v;
        self.commune = c;
        self.district = d;
        self.province = p;
    }

    /// Fills the commune and district the title does not name, from the
    /// manifest (whose names are written as the district lists them).
    pub fn fill(&mut self, commune: Option<&str>, district: Option<&str>) {
        // "Vũ Phúc" in a manifest is "xã Vũ Phúc"; "phường An Cựu" stays.
        let named = |s: &str, word: &str| {
            let s = s.trim();
            let f = fold(s);
            if LEVELS
                .iter()
                .any(|(k, _, _)| f.starts_with(&format!("{k} ")))
            {
                s.to_owned()
            } else {
                format!("{word} {s}")
            }
        };
        if self.commune.is_none() {
            self.commune = given(commune).map(|s| named(s, "xã"));
        }
        if self.district.is_none() {
            self.district = given(district).map(|s| named(s, "huyện"));
        }
    }

    /// The place without the kind: "thôn Phú Lễ, xã Vũ Phúc, …"; "…" for
    /// a covenant whose title names no place, for the officer to fill in.
    pub fn place(&self) -> String {
        let parts: Vec<&str> = [&self.village, &self.commune, &self.district, &self.province]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if parts.is_empty() {
            "…".into()
        } else {
            parts.join(", ")
        }
    }

    /// "Hương ước thôn Phú Lễ, xã Vũ Phúc, huyện Kiến Xương, tỉnh Thái Bình".
    pub fn name(&self) -> String {
        format!("{} {}", self.kind, self.place())
    }
}

fn given(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.trim().is_empty())
}

fn fold(s: &str) -> String {
    normalize(s, Mode::Folded).text
}

fn kind_of(folded: &str) -> &'static str {
    if folded.starts_with("quy uoc") && !folded.contains("huong uoc") {
        "Quy ước"
    } else {
        "Hương ước"
    }
}

/// The rest of a line after "HƯƠNG ƯỚC" / "QUY ƯỚC", when the line names
/// a place right after it.
fn after_kind<'a>(line: &'a str, folded: &'a str) -> Option<(&'a str, &'a str)> {
    let rest = folded
        .strip_prefix("huong uoc ")
        .or_else(|| folded.strip_prefix("quy uoc "))?;
    let keep = original_tail(line, rest.len());
    Some((&line[line.len() - keep..], rest))
}

/// Bytes of `line` that make up its last `folded_len` folded bytes: folding
/// keeps one character per character, so count characters.
fn original_tail(line: &str, folded_len: usize) -> usize {
    let folded = fold(line);
    let skip_chars = folded[..folded.len() - folded_len.min(folded.len())]
        .chars()
        .count();
    let at = line
        .char_indices()
        .nth(skip_chars)
        .map_or(line.len(), |(i, _)| i);
    line.len() - at
}

/// Splits "THÔN PHÚ LỄ, XÃ VŨ PHÚC, HUYỆN KIẾN XƯƠNG" into its levels.
fn parse(line: &str, folded: &str) -> [Option<String>; 4] {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let fwords: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut out: [Option<String>; 4] = Default::default();
    if words.len() != fwords.len() {
        return out;
    }
    let mut level: Option<usize> = None;
    let mut i = 0;
    let mut current: Option<(usize, &str, Vec<&str>)> = None;
    while i < words.len() {
        let key = LEVELS.iter().find(|(k, _, levels)| {
            let n = k.split(' ').count();
            i + n <= fwords.len()
                && fwords[i..i + n].join(" ") == *k
                && levels
                    .iter()
                    .any(|&l| level.is_none_or(|cur| usize::from(l) > cur))
        });
        match key {
            Some((k, label, levels)) if current.as_ref().is_none_or(|c| !c.2.is_empty()) => {
                if let Some((l, lab, names)) = current.take() {
                    out[l] = Some(format!("{lab} {}", title_case(&names)));
                }
                let l = levels
                    .iter()
                    .map(|&l| usize::from(l))
                    .find(|&l| level.is_none_or(|cur| l > cur))
                    .expect("filtered");
                level = Some(l);
                current = Some((l, label, Vec::new()));
                i += k.split(' ').count();
            }
            _ => {
                match current.as_mut() {
                    Some(c) => c.2.push(words[i]),
                    None => return Default::default(),
                }
                i += 1;
            }
        }
    }
    if let Some((l, lab, names)) = current {
        if !names.is_empty() {
            out[l] = Some(format!("{lab} {}", title_case(&names)));
        }
    }
    // "Thành phố" right after the commune is a district-level city only
    // when a province follows; else it is the province.
    if out[3].is_none()
        && out[2]
            .as_deref()
            .is_some_and(|d| d.starts_with("thành phố"))
    {
        out[3] = out[2].take();
    }
    out
}

/// "PHÚ LỄ" → "Phú Lễ"; names already in mixed case are kept; "SỐ 7"
/// keeps "số" lowercase.
fn title_case(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| {
            if w.chars().any(char::is_lowercase) && w.chars().next().is_some_and(char::is_uppercase)
            {
                return (*w).to_owned();
            }
            let lower = w.to_lowercase();
            if lower == "số" || lower == "so" {
                return lower;
            }
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_of_every_shape() {
        // (covenant head, name)
        let table = [
            (
                "HƯƠNG ƯỚC\nTHÔN PHÚ LỄ, XÃ VŨ PHÚC, HUYỆN KIẾN XƯƠNG, TỈNH THÁI BÌNH",
                "Hương ước thôn Phú Lễ, xã Vũ Phúc, huyện Kiến Xương, tỉnh Thái Bình",
            ),
            (
                "QUY ƯỚC\nBUÔN KO SIAR XÃ EA TIÊU HUYỆN CƯ KUIN TỈNH ĐẮK LẮK",
                "Quy ước buôn Ko Siar, xã Ea Tiêu, huyện Cư Kuin, tỉnh Đắk Lắk",
            ),
            (
                "QUY ƯỚC\nTỔ DÂN PHỐ SỐ 7, PHƯỜNG HÒA KHÁNH BẮC, QUẬN LIÊN CHIỂU, THÀNH PHỐ ĐÀ NẴNG",
                "Quy ước tổ dân phố số 7, phường Hòa Khánh Bắc, quận Liên Chiểu, thành phố Đà Nẵng",
            ),
            (
                "QUY ƯỚC\nTỔ DÂN PHỐ 5, PHƯỜNG AN CỰU, THÀNH PHỐ HUẾ, TỈNH THỪA THIÊN HUẾ",
                "Quy ước tổ dân phố 5, phường An Cựu, thành phố Huế, tỉnh Thừa Thiên Huế",
            ),
            (
                "HƯƠNG ƯỚC\nẤP SÓC PHỐ XÃ VĨNH HẢI THỊ XÃ VĨNH CHÂU TỈNH SÓC TRĂNG",
                "Hương ước ấp Sóc Phố, xã Vĩnh Hải, thị xã Vĩnh Châu, tỉnh Sóc Trăng",
            ),
            (
                "QUY ƯỚC SỬA ĐỔI, BỔ SUNG\nHƯƠNG ƯỚC THÔN HÒA LỘC, XÃ TAM HỢP, HUYỆN BÌNH XUYÊN, TỈNH VĨNH PHÚC",
                "Hương ước thôn Hòa Lộc, xã Tam Hợp, huyện Bình Xuyên, tỉnh Vĩnh Phúc",
            ),
            (
                "UBND XA PHU DINH\nHUONG UOC\nTHON NA MON, XA PHU DINH",
                "Hương ước thôn Na Mon, xã Phu Dinh",
            ),
            (
                "UBND XÃ YÊN LẠC\nHƯƠNG ƯỚC\nĐiều 1.",
                "Hương ước xã Yên Lạc",
            ),
            ("Văn bản", "Hương ước …"),
        ];
        for (head, want) in table {
            assert_eq!(Place::from_text(head).name(), want, "{head}");
        }
    }

    #[test]
    fn the_manifest_fills_what_the_title_lacks() {
        let mut p = Place::from_text("HƯƠNG ƯỚC\nTHÔN ĐÔNG");
        p.fill(Some("xã Vũ Phúc"), Some("huyện Kiến Xương"));
        assert_eq!(p.place(), "thôn Đông, xã Vũ Phúc, huyện Kiến Xương");
    }
}
