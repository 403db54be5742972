//! Counting a batch against the targets of QĐ 1790/QĐ-TTg: 95% of
//! covenants free of gender discrimination by 2025, 100% by 2030.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::{FileReport, Status, Verdict};

/// The targets: 95% of covenants free of discrimination by 2025, 100% by
/// 2030.
pub const TARGETS: [(u16, f64); 2] = [(2025, 0.95), (2030, 1.0)];

/// Why covenants could not be verified.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unverified {
    /// Could not be read (old .doc, damaged, encrypted, unreadable).
    pub unreadable: usize,
    /// Read, but the text layer is too damaged to vouch for.
    pub low_quality: usize,
    /// Listed in the manifest, no file.
    pub missing: usize,
}

/// One target, met or not, over the covenants in its scope.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The year the target falls due.
    pub year: u16,
    /// The share of covenants that must be free of discrimination.
    pub rate: f64,
    /// Met: every covenant in scope verified, and the compliant share at
    /// least `rate`.
    pub met: bool,
    /// Covenants in scope: adopted by the end of `year`, or of unknown date.
    pub covenants: usize,
    /// Compliant covenants in scope.
    pub compliant: usize,
    /// Covenants in scope not verified.
    pub not_verified: usize,
    /// `compliant / covenants`, 0 when there are none.
    pub compliance_rate: f64,
}

/// The rate of the covenants adopted in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearRate {
    /// The adoption year.
    pub year: u16,
    /// Covenants adopted that year.
    pub covenants: usize,
    /// Of them, compliant.
    pub compliant: usize,
    /// `compliant / covenants`.
    pub compliance_rate: f64,
}

/// The batch summary. The denominator is every covenant given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Files in the batch, covenants or not.
    pub files: usize,
    /// Covenants given: screened, not verified and missing. The rate's
    /// denominator.
    pub covenants: usize,
    /// Covenants screened with a sound text.
    pub screened: usize,
    /// Covenants not verified: never compliant.
    pub not_verified: usize,
    /// Why they were not verified.
    pub unverified: Unverified,
    /// Files that could not be read (same as `unverified.unreadable`).
    pub errors: usize,
    /// Files set aside as not covenants: outside the rate.
    pub not_covenant: usize,
    /// Covenants compliant.
    pub compliant: usize,
    /// Covenants with a standing error-level finding.
    pub not_compliant: usize,
    /// Covenants whose only error-level findings wait for a reviewer.
    pub pending_review: usize,
    /// Findings covered by a reviewed waiver.
    pub waived: usize,
    /// `compliant / covenants`, 0 when there are none.
    pub compliance_rate: f64,
    /// The 2025 and 2030 targets.
    pub targets: Vec<Target>,
    /// Rates per adoption year, when adoption dates are known.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub by_adoption_year: Vec<YearRate>,
    /// Findings that stand in covenants, by severity, for the text
    /// summary line; not part of the JSON contract.
    #[serde(skip)]
    pub standing: Standing,
}

/// The year of `YYYY` or `YYYY-MM-DD`.
///
/// ```
/// assert_eq!(huonguoc_batch::adoption_year("2019-05-01"), Some(2019));
/// assert_eq!(huonguoc_batch::adoption_year("2021"), Some(2021));
/// assert_eq!(huonguoc_batch::adoption_year("05/2019"), None);
/// ```
pub fn adoption_year(s: &str) -> Option<u16> {
    let s = s.trim();
    let year = s.get(..4)?;
    let rest = &s[4..];
    if !(rest.is_empty() || rest.starts_with('-')) || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    year.parse().ok()
}

fn rate(compliant: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        compliant as f64 / of as f64
    }
}

/// What the summary and the roll-ups need of one file: a streaming batch
/// keeps this (about a hundred bytes) once the file's findings are
/// written, instead of the findings.
///
/// ```
/// use huonguoc_batch::{FileReport, Summary, Tally};
/// let t = Tally::of(&FileReport::missing("h/x/thon.txt"));
/// let s = Summary::from_tallies(&[t]);
/// assert_eq!((s.covenants, s.unverified.missing), (1, 1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// What happened to the file.
    pub status: Status,
    /// How it enters the rate.
    pub verdict: Verdict,
    /// It could not be read (an error, not a damaged text layer).
    pub unreadable: bool,
    /// The adoption year, when known.
    pub adopted: Option<u16>,
    /// The commune, from the manifest or the folder layout.
    pub commune: Option<String>,
    /// The district.
    pub district: Option<String>,
    /// Findings covered by a reviewed waiver.
    pub waived: usize,
    /// Findings that stand, by severity: error, warning, info.
    pub standing: [usize; 3],
}

impl Tally {
    /// The tally of one file report.
    pub fn of(f: &FileReport) -> Tally {
        let mut standing = [0; 3];
        let mut waived = 0;
        for x in &f.findings {
            if x.is_waived() {
                waived += 1;
            } else {
                standing[match x.severity {
                    huonguoc_screen::Severity::Error => 0,
                    huonguoc_screen::Severity::Warning => 1,
                    huonguoc_screen::Severity::Info => 2,
                }] += 1;
            }
        }
        Tally {
            status: f.status,
            verdict: f.verdict,
            unreadable: f.error.is_some(),
            adopted: f.adopted.as_deref().and_then(adoption_year),
            commune: f.commune.clone(),
            district: f.district.clone(),
            waived,
            standing,
        }
    }

    /// Whether it enters the rate.
    pub fn is_covenant(&self) -> bool {
        self.status != Status::NotCovenant
    }

    fn is_compliant(&self) -> bool {
        self.verdict == Verdict::Compliant
    }
}

/// Standing findings of the covenants of a batch, by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    /// Error-level findings not waived.
    pub errors: usize,
    /// Warnings not waived.
    pub warnings: usize,
    /// Notes not waived.
    pub notes: usize,
}

impl Summary {
    /// Summarises file reports, such as a batch's or one group's.
    pub fn of(files: &[&FileReport]) -> Summary {
        let tallies: Vec<Tally> = files.iter().map(|f| Tally::of(f)).collect();
        Summary::from_tallies(&tallies)
    }

    /// Summarises the tallies of a batch's files.
    pub fn from_tallies(files: &[Tally]) -> Summary {
        Summary::of_refs(&files.iter().collect::<Vec<_>>())
    }

    pub(crate) fn of_refs(files: &[&Tally]) -> Summary {
        let covenants: Vec<&Tally> = files.iter().copied().filter(|f| f.is_covenant()).collect();
        let count = |p: &dyn Fn(&Tally) -> bool| covenants.iter().filter(|f| p(f)).count();
        let unverified = Unverified {
            unreadable: count(&|f| f.status == Status::NotVerified && f.unreadable),
            low_quality: count(&|f| f.status == Status::NotVerified && !f.unreadable),
            missing: count(&|f| f.status == Status::Missing),
        };
        let compliant = count(&|f| f.is_compliant());
        let targets = TARGETS
            .iter()
            .map(|&(year, want)| target(&covenants, year, want))
            .collect();
        let mut years: BTreeMap<u16, (usize, usize)> = BTreeMap::new();
        for f in &covenants {
            if let Some(y) = f.adopted {
                let e = years.entry(y).or_default();
                e.0 += 1;
                e.1 += usize::from(f.is_compliant());
            }
        }
        let sum = |i: usize| covenants.iter().map(|f| f.standing[i]).sum();
        Summary {
            files: files.len(),
            covenants: covenants.len(),
            screened: count(&|f| f.status == Status::Screened),
            not_verified: unverified.unreadable + unverified.low_quality + unverified.missing,
            unverified,
            errors: unverified.unreadable,
            not_covenant: files.len() - covenants.len(),
            compliant,
            not_compliant: count(&|f| f.verdict == Verdict::NotCompliant),
            pending_review: count(&|f| f.verdict == Verdict::PendingReview),
            waived: covenants.iter().map(|f| f.waived).sum(),
            compliance_rate: rate(compliant, covenants.len()),
            targets,
            by_adoption_year: years
                .into_iter()
                .map(|(year, (n, ok))| YearRate {
                    year,
                    covenants: n,
                    compliant: ok,
                    compliance_rate: rate(ok, n),
                })
                .collect(),
            standing: Standing {
                errors: sum(0),
                warnings: sum(1),
                notes: sum(2),
            },
        }
    }
}

/// One target over the covenants in its scope: adopted by the end of
/// `year`, or of unknown date.
fn target(covenants: &[&Tally], year: u16, want: f64) -> Target {
    let scope: Vec<&&Tally> = covenants
        .iter()
        .filter(|f| f.adopted.is_none_or(|y| y <= year))
        .collect();
    let ok = scope.iter().filter(|f| f.is_compliant()).count();
    let nv = scope
        .iter()
        .filter(|f| f.verdict == Verdict::NotVerified)
        .count();
    let r = rate(ok, scope.len());
    Target {
        year,
        rate: want,
        // A target is never met while a covenant in scope could not be
        // verified: its verdict is unknown.
        met: !scope.is_empty() && nv == 0 && r + 1e-9 >= want,
        covenants: scope.len(),
        compliant: ok,
        not_verified: nv,
        compliance_rate: r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::FileReport;
    use crate::waiver::{Waiver, WaiverStatus};

    fn screened(path: &str, text: &str, error_finding: Option<WaiverStatus>) -> FileReport {
        let doc = crate::load_bytes(text.as_bytes(), Some("a.txt"), &Default::default()).unwrap();
        let pack = crate::Pack::embedded().unwrap();
        let findings = match error_finding {
            Some(_) => pack.screener.screen(text),
            None => Vec::new(),
        };
        let mut r = FileReport::read(path, &doc, None, findings);
        if let Some(status) = error_finding.filter(|_| !r.findings.is_empty()) {
            for f in &mut r.findings {
                f.waiver = Some(Waiver {
                    status,
                    reviewer: "R".into(),
                    reason: "L".into(),
                    date: "2025-01-01".into(),
                    expires: None,
                    source: "huonguoc.toml".into(),
                });
            }
        }
        r.refresh();
        r
    }

    const FLAGGED: &str = "HƯƠNG ƯỚC\nĐiều 6. Thừa kế\n1. Con gái đã đi lấy chồng thì không được chia đất của bố mẹ.\n";

    #[test]
    fn the_denominator_is_every_covenant_and_unverified_ones_block_the_targets() {
        let clean = || screened("a.txt", "QUY ƯỚC\nĐiều 1. Chung\n", None);
        // (files, covenants, compliant, pending, 2025 met)
        let cases: Vec<(Vec<FileReport>, usize, usize, usize, bool)> = vec![
            (vec![clean()], 1, 1, 0, true),
            (
                vec![clean(), FileReport::unreadable("b.doc", "x")],
                2,
                1,
                0,
                false,
            ),
            (vec![clean(), FileReport::missing("b.txt")], 2, 1, 0, false),
            (
                vec![
                    clean(),
                    screened("b.txt", FLAGGED, Some(WaiverStatus::PendingReview)),
                ],
                2,
                1,
                1,
                false,
            ),
            (
                vec![
                    clean(),
                    screened("b.txt", FLAGGED, Some(WaiverStatus::Accepted)),
                ],
                2,
                2,
                0,
                true,
            ),
            (Vec::new(), 0, 0, 0, false),
        ];
        for (i, (files, covenants, compliant, pending, met)) in cases.into_iter().enumerate() {
            let s = Summary::of(&files.iter().collect::<Vec<_>>());
            assert_eq!(
                (s.covenants, s.compliant, s.pending_review, s.targets[0].met),
                (covenants, compliant, pending, met),
                "case {i}"
            );
        }
    }

    #[test]
    fn adoption_narrows_each_target_to_covenants_due_by_then() {
        let mut old = screened("a.txt", "QUY ƯỚC\nĐiều 1. Chung\n", None);
        old.adopted = Some("2019-03-01".into());
        let mut new = FileReport::missing("b.txt");
        new.adopted = Some("2028".into());
        let s = Summary::of(&[&old, &new]);
        assert_eq!((s.targets[0].covenants, s.targets[0].met), (1, true));
        assert_eq!((s.targets[1].covenants, s.targets[1].met), (2, false));
        assert_eq!(s.by_adoption_year.len(), 2);
    }
}
