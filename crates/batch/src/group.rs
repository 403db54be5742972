//! Roll-ups by commune, district or adoption year.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::FileReport;
use crate::summary::{Summary, Tally, Target};

/// The name of covenants with no known commune, district or year.
pub const UNKNOWN: &str = "(chưa rõ)";

/// How covenants are rolled up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    /// By commune, within its district.
    Commune,
    /// By district.
    District,
    /// By the year of adoption, from the manifest.
    Adopted,
}

impl GroupBy {
    /// The name written in [`Group::by`].
    pub fn name(self) -> &'static str {
        match self {
            GroupBy::Commune => "commune",
            GroupBy::District => "district",
            GroupBy::Adopted => "adopted",
        }
    }
}

/// The roll-up of one commune, district or adoption year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// `commune`, `district` or `adopted`.
    pub by: String,
    /// The commune's or district's name, or the year.
    pub name: String,
    /// The district of a commune.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub district: Option<String>,
    /// Covenants in the group (not covenants left out).
    pub covenants: usize,
    /// Covenants screened.
    pub screened: usize,
    /// Covenants not verified.
    pub not_verified: usize,
    /// Covenants pending review.
    pub pending_review: usize,
    /// Compliant covenants.
    pub compliant: usize,
    /// `compliant / covenants`, 0 when there are none.
    pub compliance_rate: f64,
    /// The 2025 and 2030 targets, met or not.
    pub targets: Vec<Target>,
}

impl Group {
    fn of(by: GroupBy, name: &str, district: Option<&str>, files: &[&Tally]) -> Group {
        let s = Summary::of_refs(files);
        Group {
            by: by.name().to_owned(),
            name: name.to_owned(),
            district: district.map(str::to_owned),
            covenants: s.covenants,
            screened: s.screened,
            not_verified: s.not_verified,
            pending_review: s.pending_review,
            compliant: s.compliant,
            compliance_rate: s.compliance_rate,
            targets: s.targets,
        }
    }

    /// A label for people: "Xã A (Huyện B)" for communes.
    pub fn label(&self) -> String {
        match &self.district {
            Some(d) if d != UNKNOWN => format!("{} ({d})", self.name),
            _ => self.name.clone(),
        }
    }
}

/// One roll-up per group, in name order. Files that are not covenants are
/// left out, as they are of the rate.
///
/// ```
/// use huonguoc_batch::{FileReport, GroupBy, roll_up};
/// let mut a = FileReport::missing("h/x/a.txt");
/// a.district = Some("Huyện Yên Lập".into());
/// let groups = roll_up(&[a], GroupBy::District);
/// assert_eq!(groups[0].name, "Huyện Yên Lập");
/// assert_eq!((groups[0].covenants, groups[0].not_verified), (1, 1));
/// assert!(!groups[0].targets[0].met);
/// ```
pub fn roll_up(files: &[FileReport], by: GroupBy) -> Vec<Group> {
    let tallies: Vec<Tally> = files.iter().map(Tally::of).collect();
    roll_up_tallies(&tallies, by)
}

/// [`roll_up`] over the tallies of a streaming batch.
pub fn roll_up_tallies(files: &[Tally], by: GroupBy) -> Vec<Group> {
    let mut groups: BTreeMap<(String, String), Vec<&Tally>> = BTreeMap::new();
    let unknown = || UNKNOWN.to_owned();
    for r in files.iter().filter(|f| f.is_covenant()) {
        let district = r.district.clone().unwrap_or_else(unknown);
        let k = match by {
            GroupBy::District => (district, String::new()),
            GroupBy::Commune => (district, r.commune.clone().unwrap_or_else(unknown)),
            GroupBy::Adopted => (
                r.adopted.map_or_else(unknown, |y| y.to_string()),
                String::new(),
            ),
        };
        groups.entry(k).or_default().push(r);
    }
    groups
        .into_iter()
        .map(|((first, commune), members)| match by {
            GroupBy::Commune => Group::of(by, &commune, Some(&first), &members),
            _ => Group::of(by, &first, None, &members),
        })
        .collect()
}

/// Groups lowest rate first: the communes a district office calls first.
pub fn by_rate(groups: &[Group]) -> Vec<&Group> {
    let mut v: Vec<&Group> = groups.iter().collect();
    v.sort_by(|a, b| {
        a.compliance_rate
            .total_cmp(&b.compliance_rate)
            .then_with(|| a.name.cmp(&b.name))
    });
    v
}
