//! The clause-mapped agenda of a management review: one section per
//! required review input of the site's frameworks, each with a heading
//! anchor for `covers`, a one-line prompt for `new review` and a sample
//! text for the starter site of `init`.
//!
//! ISO/IEC 27001:2022 gets hand-written headings and anchors (the ones the
//! guide shows). Inputs of other frameworks get their catalog title; an input
//! whose `maps_to` names an input already on the agenda (ISO 9001's audit
//! results and ISO 27001's) shares that section, so a review under two
//! frameworks discusses each subject once.

use crate::load::body::slug;
use crate::model::catalog::{Catalogs, ItemRef};

/// One section of a new review's agenda, with the inputs it covers, so
/// `minutebook new` writes minutes that already cover what 9.3.2 requires.
#[derive(Clone, Debug, PartialEq)]
pub struct AgendaSection {
    /// The heading anchor (`previous-actions`).
    pub anchor: String,
    /// The heading text.
    pub title: String,
    /// The review inputs it covers, written as `covers` keys (`9.3.2.a`, `iso9001:9.3.2.b`).
    pub covers: Vec<String>,
    /// The same inputs, resolved.
    pub items: Vec<ItemRef>,
    /// What belongs in the section: a one-line placeholder for `new review`
    /// (it holds a template token, so MB022 reminds the author to replace it).
    pub prompt: String,
    /// A realistic sample text for the example review of `init` (15+ words).
    pub sample: String,
}

/// The comment `new review` writes under `covers:` on how to record an input
/// that was considered and found unchanged, its example heading
/// taken from the agenda (interested parties when it has them).
pub(crate) fn no_change_hint(sections: &[AgendaSection]) -> String {
    let example = sections
        .iter()
        .find(|s| s.items.iter().any(|i| i.item == "9.3.2.c"))
        .or_else(|| sections.first());
    let heading = example.map_or_else(
        || "## Title {#anchor .no-change}".to_string(),
        |s| super::comment_text(&format!("## {} {{#{} .no-change}}", s.title, s.anchor)),
    );
    format!(
        "  # An input considered and found unchanged is written as such, not padded: add\n\
         \x20 # `.no-change` to its heading and say in at least {} words what was looked at:\n\
         \x20 #   {heading}\n\
         \x20 #   The register was checked against every contract: no new requirement.\n\
         \x20 # It shows as = \"no change\" and counts as covered; shorter, it is a placeholder (MB022).\n",
        crate::derive::coverage::MIN_NO_CHANGE_WORDS
    )
}

/// The placeholder token each prompt starts with (MB022 reads `[TODO]` as a template token).
pub(crate) const TODO: &str = "[TODO]";

/// Hand-written sections of ISO/IEC 27001:2022 9.3.2: item, anchor, heading, prompt, sample.
const ISO27001: &[(&str, &str, &str, &str, &str)] = &[
    (
        "9.3.2.a",
        "previous-actions",
        "Status of previous actions",
        "The status of each action listed under `updates`: what was done, what slipped and why.",
        "This is the first management review of the ISMS, so no actions from earlier reviews are open. \
         The CISO confirmed that every action agreed today is tracked in the action register with one owner and a due date.",
    ),
    (
        "9.3.2.b",
        "context-changes",
        "Changes in external and internal issues",
        "Changes in external and internal issues relevant to the ISMS since the last review.",
        "The move of the customer platform to a managed cloud provider and the new remote-working policy change the context of the ISMS. \
         The board agreed that the scope statement stays unchanged but the supplier section of the risk register needs an update.",
    ),
    (
        "9.3.2.c",
        "interested-parties",
        "Changes in needs of interested parties",
        "Changes in the needs and expectations of interested parties (customers, regulators, staff).",
        "Two enterprise customers now require evidence of annual penetration testing and multi-factor authentication in their contracts. \
         The CISO will add both requirements to the register of interested parties and to the statement of applicability.",
    ),
    (
        "9.3.2.d.1",
        "nonconformities",
        "Nonconformities and corrective actions",
        "Nonconformities found since the last review and the state of their corrective actions.",
        "No major nonconformity was raised during the period. \
         One minor nonconformity concerned contractor accounts without multi-factor authentication; a corrective action was agreed and is recorded below with its owner.",
    ),
    (
        "9.3.2.d.2",
        "monitoring",
        "Monitoring and measurement results",
        "Monitoring and measurement results, with the trend of each metric.",
        "The quarterly phishing simulation had a click rate of 6.2 percent, above the target of five percent. \
         Patch compliance for critical vulnerabilities within fourteen days was 93 percent, in line with the previous quarter.",
    ),
    (
        "9.3.2.d.3",
        "audit-results",
        "Audit results",
        "Results of internal and external audits since the last review.",
        "The internal audit programme for the year was approved; the first audit covering access control and supplier management is planned for next quarter. \
         No external certification audit has taken place yet.",
    ),
    (
        "9.3.2.d.4",
        "objectives",
        "Fulfilment of objectives",
        "How far each information security objective was met, against its target.",
        "The information security objectives for the year were confirmed: keep the phishing click rate under five percent and close corrective actions on time. \
         The phishing objective is not met yet and is addressed by the awareness action below.",
    ),
    (
        "9.3.2.e",
        "feedback",
        "Feedback from interested parties",
        "Feedback from interested parties: customer questionnaires, complaints, staff suggestions.",
        "Customers returned three security questionnaires this period without raising concerns. \
         Staff asked for shorter, more frequent awareness sessions instead of the annual course, which the board supported.",
    ),
    (
        "9.3.2.f",
        "risk",
        "Risk assessment and treatment",
        "Results of the risk assessment and the status of the risk treatment plan.",
        "The risk register was reviewed in full; two supplier risks rose from medium to high after the cloud migration. \
         The board accepted the residual risk of the legacy file server until its replacement and approved the treatment plan.",
    ),
    (
        "9.3.2.g",
        "improvement",
        "Opportunities for improvement",
        "Opportunities for continual improvement of the ISMS, and what the board decided about them.",
        "The board discussed automating user access reviews and moving evidence collection into this repository. \
         Both were welcomed as improvements; the access review automation will be costed before the next review.",
    ),
];

/// The agenda for the required inputs of `frameworks` (the default framework when empty).
pub(crate) fn agenda(catalogs: &Catalogs, frameworks: &[String]) -> Vec<AgendaSection> {
    let mut out: Vec<AgendaSection> = Vec::new();
    for input in catalogs.required_inputs(frameworks) {
        let key = catalogs.display(&input, frameworks);
        let item = catalogs.item(&input);
        // An input mapped onto one already on the agenda (or mapped from
        // one) shares its section.
        let maps = |i: &ItemRef| -> Vec<ItemRef> {
            catalogs.item(i).map_or_else(Vec::new, |it| {
                it.maps_to
                    .iter()
                    .filter_map(|m| catalogs.resolve(m, frameworks).ok())
                    .collect()
            })
        };
        let mine = maps(&input);
        let shared = out.iter().position(|s| {
            s.items
                .iter()
                .any(|other| mine.contains(other) || maps(other).contains(&input))
        });
        if let Some(pos) = shared {
            out[pos].covers.push(key);
            out[pos].items.push(input);
            continue;
        }
        let known = input
            .catalog
            .eq_ignore_ascii_case("iso27001-2022")
            .then(|| ISO27001.iter().find(|k| k.0 == input.item))
            .flatten();
        let section = match known {
            Some(&(_, anchor, title, prompt, sample)) => AgendaSection {
                anchor: anchor.to_string(),
                title: title.to_string(),
                covers: vec![key],
                items: vec![input],
                prompt: format!("{TODO} {prompt}"),
                sample: sample.split_whitespace().collect::<Vec<_>>().join(" "),
            },
            None => {
                let title = item.map_or_else(|| input.item.clone(), |i| i.title.clone());
                let lower = lower_first(&title);
                AgendaSection {
                    anchor: short_anchor(&title),
                    prompt: format!("{TODO} What was presented and concluded on {lower}."),
                    sample: format!(
                        "The reports on {lower} were circulated a week before the meeting and presented by the responsible manager. \
                         The board discussed them, found no gap that needs a new action, and agreed to look at the topic again at the next review."
                    ),
                    title,
                    covers: vec![key],
                    items: vec![input],
                }
            }
        };
        out.push(section);
    }
    // Anchors are unique within a review.
    let mut seen: Vec<String> = Vec::new();
    for s in &mut out {
        let base = if s.anchor.is_empty() {
            "input".to_string()
        } else {
            s.anchor.clone()
        };
        let mut anchor = base.clone();
        let mut n = 2;
        while seen.contains(&anchor) {
            anchor = format!("{base}-{n}");
            n += 1;
        }
        seen.push(anchor.clone());
        s.anchor = anchor;
    }
    out
}

/// A short anchor from a title: the slug of its first five words.
fn short_anchor(title: &str) -> String {
    let words: Vec<&str> = title.split_whitespace().take(5).collect();
    let s = slug(&words.join(" "));
    s.trim_matches('-').to_string()
}

/// The title with its first letter in lower case, unless it starts an acronym (`BCMS`).
fn lower_first(title: &str) -> String {
    let mut chars = title.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            let mut s: String = a.to_lowercase().collect();
            s.push(b);
            s.extend(chars);
            s
        }
        _ => title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::review::placeholder_reason;

    #[test]
    fn iso27001_agenda_covers_every_required_input_once() {
        let c = crate::load::catalog::builtin();
        let fw = vec!["iso27001-2022".to_string()];
        let a = agenda(&c, &fw);
        assert_eq!(a.len(), 10);
        assert_eq!(a[0].anchor, "previous-actions");
        assert_eq!(a[0].covers, vec!["9.3.2.a"]);
        for s in &a {
            assert!(
                placeholder_reason(&s.sample).is_none(),
                "{}: {}",
                s.anchor,
                s.sample
            );
            assert!(placeholder_reason(&s.prompt).is_some(), "{}", s.prompt);
        }
    }

    #[test]
    fn a_second_framework_shares_mapped_sections() {
        let c = crate::load::catalog::builtin();
        for fw in [
            ["iso27001-2022", "iso9001-2015"],
            ["iso9001-2015", "iso27001-2022"],
        ] {
            let fw: Vec<String> = fw.iter().map(ToString::to_string).collect();
            let a = agenda(&c, &fw);
            let audit = a.iter().find(|s| s.anchor == "audit-results").unwrap();
            assert_eq!(audit.covers.len(), 2, "{fw:?}: {:?}", audit.covers);
            let all: usize = a.iter().map(|s| s.covers.len()).sum();
            assert_eq!(all, c.required_inputs(&fw).len());
            let mut anchors: Vec<_> = a.iter().map(|s| s.anchor.clone()).collect();
            anchors.sort();
            anchors.dedup();
            assert_eq!(anchors.len(), a.len());
            for s in &a {
                assert!(
                    placeholder_reason(&s.sample).is_none(),
                    "{}: {}",
                    s.anchor,
                    s.sample
                );
            }
        }
    }
}
