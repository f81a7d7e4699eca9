//! Each review's coverage of the required review inputs, judged once
//! (MB020/MB022 and the clauses row of the dashboard): for every required input one
//! [`CoverageMark`] — ✓ covered, = reviewed with no change, ◌ placeholder,
//! ✗ not covered, – not required (an extraordinary review), — not applicable
//! (an input of another edition than the one in force on the review's date) — and for every
//! covered section what its text is. MB020 and MB022 read it, and so do the
//! coverage matrix, each review's checklist, the input-coverage KPI and
//! `data/site.json`: a section that only says "TBD" is a placeholder
//! everywhere, never a tick on one page and a warning on another.

use crate::model::catalog::ItemRef;
use crate::model::{Document, Site};

/// Fewest words a real covered section has (MB022).
pub(crate) const MIN_WORDS: usize = 15;

/// Fewest words a "reviewed, no change" statement has: enough to say what
/// was looked at.
pub(crate) const MIN_NO_CHANGE_WORDS: usize = 5;

/// How a review stands on one required input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CoverageMark {
    /// ✓ A section of the minutes records what was presented and discussed.
    Covered,
    /// = A `.no-change` section says the input was considered and found unchanged.
    NoChange,
    /// ◌ The covering section is empty or a placeholder (MB022): it does not count.
    Placeholder,
    /// ✗ No section covers it (MB020 when `covers` has no entry for it, MB021
    /// when the entry's anchor is not a heading).
    NotCovered,
    /// – An extraordinary review that did not cover it: it covers only what it
    /// was called for (exempt from MB020), so the gap is no finding.
    NotRequired,
    /// — The input belongs to a framework that was not in force on the
    /// review's date (a 2022 input in a 2013-era review, the format dated
    /// frameworks): there was nothing to cover, so it is neither counted nor
    /// a gap.
    NotApplicable,
}

impl CoverageMark {
    /// Every mark, in the order legends list them.
    pub(crate) const ALL: [CoverageMark; 6] = [
        CoverageMark::Covered,
        CoverageMark::NoChange,
        CoverageMark::Placeholder,
        CoverageMark::NotCovered,
        CoverageMark::NotRequired,
        CoverageMark::NotApplicable,
    ];

    /// Whether it counts toward input coverage (the KPI, a review's "N of M",
    /// the matrix's row totals): ✓ and = only.
    pub(crate) fn counts(self) -> bool {
        matches!(self, CoverageMark::Covered | CoverageMark::NoChange)
    }

    /// The symbol shown (always with [`CoverageMark::words`] for screen readers).
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            CoverageMark::Covered => "✓",
            CoverageMark::NoChange => "=",
            CoverageMark::Placeholder => "◌",
            CoverageMark::NotCovered => "✗",
            CoverageMark::NotRequired => "–",
            CoverageMark::NotApplicable => "—",
        }
    }

    /// What the symbol means, in words (visible in legends, visually hidden
    /// beside the symbol in cells).
    pub(crate) fn words(self) -> &'static str {
        match self {
            CoverageMark::Covered => "covered",
            CoverageMark::NoChange => "no change",
            CoverageMark::Placeholder => "placeholder",
            CoverageMark::NotCovered => "not covered",
            CoverageMark::NotRequired => "not required",
            CoverageMark::NotApplicable => "not applicable",
        }
    }

    /// Stable name for CSS classes and `data/site.json` (`no-change`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            CoverageMark::Covered => "covered",
            CoverageMark::NoChange => "no-change",
            CoverageMark::Placeholder => "placeholder",
            CoverageMark::NotCovered => "not-covered",
            CoverageMark::NotRequired => "not-required",
            CoverageMark::NotApplicable => "not-applicable",
        }
    }
}

/// One section that `covers` points at and the body has.
#[derive(Clone, Debug, PartialEq)]
pub struct CoveredSection {
    /// Position of its heading in the document's `headings`.
    pub heading: usize,
    /// The first `covers` entry naming it (position in `covers`).
    pub cover: usize,
    /// ✓, = or ◌: what its text is.
    pub mark: CoverageMark,
    /// Why it is a placeholder (MB022's message): `is empty`, `has only 3 words`.
    pub reason: Option<String>,
}

/// How one required review input is covered by one review, so the matrix
/// and MB020 can point at the exact gap.
#[derive(Clone, Debug, PartialEq)]
pub struct InputCoverage {
    /// The mark.
    pub mark: CoverageMark,
    /// The `covers` entry naming the input (position in `covers`), if any.
    pub cover: Option<usize>,
    /// The section covering it (position in [`ReviewCoverage::sections`]),
    /// when the entry's anchor is a heading of the body.
    pub section: Option<usize>,
}

/// What one review covers of the inputs 9.3.2 requires: the row an auditor
/// reads to see that nothing was skipped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewCoverage {
    /// An extraordinary review (its uncovered inputs are not required).
    pub extraordinary: bool,
    /// One per required input, in the order of [`Coverage::required`].
    pub inputs: Vec<InputCoverage>,
    /// Every distinct section `covers` points at that exists, in `covers` order.
    pub sections: Vec<CoveredSection>,
    /// `covers` entries naming a known item that is no required input
    /// (`9.3.2.d`, a control): shown apart, never counted.
    pub other: Vec<usize>,
}

impl ReviewCoverage {
    /// Inputs marked ✓ or = (what "N of M inputs covered" counts).
    pub(crate) fn counted(&self) -> usize {
        self.inputs.iter().filter(|i| i.mark.counts()).count()
    }

    /// Inputs that apply on the review's date (all but —): the M of "N of M".
    pub(crate) fn applicable(&self) -> usize {
        self.inputs
            .iter()
            .filter(|i| i.mark != CoverageMark::NotApplicable)
            .count()
    }

    /// How many inputs carry `mark`.
    pub fn count(&self, mark: CoverageMark) -> usize {
        self.inputs.iter().filter(|i| i.mark == mark).count()
    }

    /// The section covering required input `k`, if any.
    pub(crate) fn section_of(&self, k: usize) -> Option<&CoveredSection> {
        self.inputs
            .get(k)
            .and_then(|i| i.section)
            .and_then(|s| self.sections.get(s))
    }

    /// "9 of 10", or for an extraordinary review "3 of 10 (extraordinary review)":
    /// the one wording of a review's coverage on its page, in the reviews
    /// list and in the board report.
    pub(crate) fn summary(&self) -> String {
        let s = format!("{} of {}", self.counted(), self.applicable());
        if self.extraordinary {
            format!("{s} (extraordinary review)")
        } else {
            s
        }
    }
}

/// The coverage matrix of every review, derived once for the checks and
/// the coverage page.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// The required review inputs of every framework list in force at some
    /// review (the current frameworks' first), in catalog order: the rows
    /// of the matrix. A review's own inputs are those not marked —.
    pub required: Vec<ItemRef>,
    /// By document position: `Some` for a review.
    pub reviews: Vec<Option<ReviewCoverage>>,
}

impl Coverage {
    /// A document's coverage (None for a record).
    pub(crate) fn of(&self, doc: usize) -> Option<&ReviewCoverage> {
        self.reviews.get(doc).and_then(Option::as_ref)
    }
}

/// Judges every review (on every thread: it reads every covered section's
/// words, like MB022 did, once for all its readers).
pub(crate) fn build(site: &Site, references: &super::refs::References) -> Coverage {
    use rayon::prelude::*;
    // Each context's inputs, computed once; the rows are the union over the
    // contexts some review is read in.
    let by_context: Vec<Vec<ItemRef>> = references
        .contexts
        .iter()
        .map(|fw| site.catalogs.required_inputs(fw))
        .collect();
    let mut used: Vec<bool> = vec![false; by_context.len()];
    for (i, d) in site.documents.iter().enumerate() {
        if d.review.is_some()
            && let Some(u) = used.get_mut(references.context_of(i))
        {
            *u = true;
        }
    }
    if used.iter().all(|u| !u)
        && let Some(u) = used.first_mut()
    {
        *u = true;
    }
    let mut required: Vec<ItemRef> = Vec::new();
    for (inputs, _) in by_context.iter().zip(&used).filter(|(_, u)| **u) {
        for input in inputs {
            if !required.contains(input) {
                required.push(input.clone());
            }
        }
    }
    let empty = Vec::new();
    let reviews = site
        .documents
        .par_iter()
        .enumerate()
        .with_max_len(64)
        .map(|(i, d)| {
            let own = by_context.get(references.context_of(i)).unwrap_or(&empty);
            review(site, references, &required, own, i, d)
        })
        .collect();
    Coverage { required, reviews }
}

fn review(
    site: &Site,
    references: &super::refs::References,
    required: &[ItemRef],
    own: &[ItemRef],
    doc: usize,
    d: &Document,
) -> Option<ReviewCoverage> {
    let r = d.review.as_ref()?;
    let mut out = ReviewCoverage {
        extraordinary: r.extraordinary,
        ..ReviewCoverage::default()
    };
    // Each entry: the required input it names (position), and its section.
    let mut entries: Vec<(Option<usize>, Option<usize>)> = Vec::with_capacity(r.covers.len());
    for (j, c) in r.covers.iter().enumerate() {
        let item = references.item_in(site, doc, &c.reference.value);
        let input = item
            .as_ref()
            .filter(|i| own.contains(i.as_ref()))
            .and_then(|i| required.iter().position(|x| x == i.as_ref()));
        if item.is_some() && input.is_none() {
            out.other.push(j);
        }
        let heading = d.headings.iter().position(|h| h.anchor == c.anchor.value);
        let section = heading.map(|h| {
            out.sections
                .iter()
                .position(|s| s.heading == h)
                .unwrap_or_else(|| {
                    let heading = &d.headings[h];
                    let text = d.section(&heading.anchor).unwrap_or_default();
                    let (mark, reason) = judge(heading.no_change, text);
                    out.sections.push(CoveredSection {
                        heading: h,
                        cover: j,
                        mark,
                        reason,
                    });
                    out.sections.len() - 1
                })
        });
        entries.push((input, section));
    }
    out.inputs = (0..required.len())
        .map(|k| {
            if !own.contains(&required[k]) {
                return InputCoverage {
                    mark: CoverageMark::NotApplicable,
                    cover: None,
                    section: None,
                };
            }
            // An input named twice: the entry whose section exists wins.
            let naming = || entries.iter().enumerate().filter(|(_, e)| e.0 == Some(k));
            let cover = naming()
                .find(|(_, e)| e.1.is_some())
                .or_else(|| naming().next());
            let section = cover.and_then(|(_, e)| e.1);
            let mark = match (cover, section) {
                (_, Some(s)) => out.sections[s].mark,
                (Some(_), None) => CoverageMark::NotCovered,
                (None, None) if r.extraordinary => CoverageMark::NotRequired,
                (None, None) => CoverageMark::NotCovered,
            };
            InputCoverage {
                mark,
                cover: cover.map(|(j, _)| j),
                section,
            }
        })
        .collect();
    Some(out)
}

/// ✓, = or ◌ for a covered section's text (`no_change`: its heading has the
/// class `.no-change`), with MB022's reason.
pub(crate) fn judge(no_change: bool, text: &str) -> (CoverageMark, Option<String>) {
    if no_change {
        return match placeholder_reason_with(text, MIN_NO_CHANGE_WORDS) {
            Some(reason) => (CoverageMark::Placeholder, Some(reason)),
            None => (CoverageMark::NoChange, None),
        };
    }
    match placeholder_reason_with(text, MIN_WORDS) {
        Some(reason) => (CoverageMark::Placeholder, Some(reason)),
        None => (CoverageMark::Covered, None),
    }
}

/// Why a section's text is a placeholder, if it is one: empty, only TBD, N/A
/// or "discussed", a template token left, or fewer than `min_words` words.
pub(crate) fn placeholder_reason_with(text: &str, min_words: usize) -> Option<String> {
    // Count words only up to what matters.
    let words = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(min_words.max(4))
        .count();
    if words == 0 {
        return Some("is empty".into());
    }
    if words <= 3 {
        let folded: String = text
            .chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
        if matches!(
            folded.as_str(),
            "tbd" | "na" | "n a" | "discussed" | "tbc" | "todo"
        ) {
            return Some(format!("only says \"{}\"", text.trim()));
        }
    }
    if let Some(tok) = template_token(text) {
        return Some(format!("still holds the template token `{tok}`"));
    }
    if words < min_words {
        return Some(format!("has only {words} words"));
    }
    None
}

/// `[DATE]`, `<name>` or `___` left from a template.
fn template_token(text: &str) -> Option<String> {
    if text.contains("___") {
        return Some("___".into());
    }
    for (open, close) in [('[', ']'), ('<', '>')] {
        let mut rest = text;
        while let Some(i) = rest.find(open) {
            let after = &rest[i + 1..];
            let Some(len) = after.find(close).filter(|&l| l > 0 && l <= 40) else {
                rest = after;
                continue;
            };
            let inner = &after[..len];
            let next = after[len + 1..].chars().next();
            let wordish = inner
                .chars()
                .all(|c| c.is_ascii_alphabetic() || matches!(c, '_' | ' ' | '-'));
            let token = match open {
                // `[DATE]`, `[OWNER NAME]`, but not a Markdown link `[Text](x.md)`.
                '[' => {
                    wordish
                        && !inner.chars().any(|c| c.is_ascii_lowercase())
                        && !matches!(next, Some('(' | '['))
                }
                // `<name>`, but not an HTML tag such as `<br>`.
                _ => wordish && !HTML_TAGS.contains(&inner.to_ascii_lowercase().as_str()),
            };
            if token && inner.chars().any(|c| c.is_ascii_alphabetic()) {
                return Some(format!("{open}{inner}{close}"));
            }
            rest = after;
        }
    }
    None
}

const HTML_TAGS: &[&str] = &[
    "br", "b", "i", "u", "em", "strong", "sub", "sup", "details", "summary", "p", "div", "span",
    "hr", "small", "kbd", "mark", "code", "pre", "ul", "ol", "li", "table", "tr", "td", "th",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_no_change_section_needs_five_words_and_no_placeholder() {
        let five = "Risk register checked: nothing changed.";
        assert_eq!(judge(true, five), (CoverageMark::NoChange, None));
        assert_eq!(
            judge(true, "No change."),
            (
                CoverageMark::Placeholder,
                Some("has only 2 words".to_string())
            )
        );
        assert_eq!(judge(true, "TBD").0, CoverageMark::Placeholder);
        assert_eq!(
            judge(true, &format!("{five} [DATE]")).0,
            CoverageMark::Placeholder
        );
        // Without the class the same five words are a placeholder (under 15).
        assert_eq!(
            judge(false, five),
            (
                CoverageMark::Placeholder,
                Some("has only 5 words".to_string())
            )
        );
    }

    #[test]
    fn only_covered_and_no_change_count() {
        let counted: Vec<_> = CoverageMark::ALL
            .iter()
            .filter(|m| m.counts())
            .map(|m| m.symbol())
            .collect();
        assert_eq!(counted, ["✓", "="]);
        assert_eq!(CoverageMark::NotApplicable.symbol(), "—");
        assert_eq!(CoverageMark::NotApplicable.words(), "not applicable");
    }
}
