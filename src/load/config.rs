//! Reading `minutebook.yaml` into [`Config`]: every key checked, every
//! problem a finding, every missing key its default.

use crate::diag::findings::Code;
use crate::load::fields::Reader;
use crate::load::yaml::{Node, Value};
use crate::model::Spanned;
use crate::model::config::{Config, MetricDef, Objective, Target, Window};

/// The longest review cadence accepted: beyond ten years the arithmetic
/// would still work, but such a value is a typo (`cadence_months: 6000`).
const MAX_CADENCE_MONTHS: u32 = 120;

/// The longest sign-off window accepted, in days (ten years).
const MAX_WINDOW_DAYS: u32 = 3650;

/// The largest slack accepted for the review cadence, in days (a year).
const MAX_TOLERANCE_DAYS: u32 = 365;

/// The longest retention period accepted, in years.
const MAX_RETENTION_YEARS: u32 = 100;

const KEYS: &[&str] = &[
    "title",
    "organisation",
    "frameworks",
    "cadence_months",
    "cadence_tolerance_days",
    "signoff_within_days",
    "retention_years",
    "quorum",
    "signers",
    "repo_url",
    "objectives",
    "metrics",
    "allow_raw_html",
    "theme",
];

/// Reads the configuration tree; problems go to the reader.
pub fn read(node: &Node, r: &mut Reader<'_>) -> Config {
    let mut c = Config::default();
    if node.value == Value::Null {
        return c;
    }
    let Some(f) = r.map(node, "minutebook.yaml", KEYS) else {
        return c;
    };
    if let Some(t) = r.optional_text(&f, "title", "the configuration") {
        c.title = t.value;
    }
    if let Some(t) = r.optional_text(&f, "organisation", "the configuration") {
        c.organisation = t.value;
    }
    if f.get("frameworks").is_some() {
        let (list, windows) = frameworks(f.get("frameworks"), r);
        if list.is_empty() {
            r.report(
                Code::MB004,
                f.key_span("frameworks"),
                "`frameworks` lists no framework; at least one is needed",
            );
        } else {
            if let Some(gap) = uncovered(&windows) {
                r.report(
                    Code::MB004,
                    f.key_span("frameworks"),
                    format!("`frameworks` leaves {gap} with no framework in force: every date needs one (documents then fall back to the first framework listed)"),
                );
            }
            c.frameworks = list;
            c.framework_windows = windows;
        }
    }
    for (key, slot) in [
        ("cadence_months", &mut c.cadence_months),
        ("cadence_tolerance_days", &mut c.cadence_tolerance_days),
        ("signoff_within_days", &mut c.signoff_within_days),
        ("retention_years", &mut c.retention_years),
    ] {
        if let Some(v) = f.get(key).and_then(|n| r.count(n, &format!("`{key}`"))) {
            *slot = v;
        }
    }
    if c.cadence_months == 0 || c.cadence_months > MAX_CADENCE_MONTHS {
        r.report(
            Code::MB004,
            f.key_span("cadence_months"),
            format!("`cadence_months` must be from 1 to {MAX_CADENCE_MONTHS} (a review at least every ten years)"),
        );
        c.cadence_months = Config::default().cadence_months;
    }
    if c.cadence_tolerance_days > MAX_TOLERANCE_DAYS {
        r.report(
            Code::MB004,
            f.key_span("cadence_tolerance_days"),
            format!("`cadence_tolerance_days` must be from 0 to {MAX_TOLERANCE_DAYS} (a year)"),
        );
        c.cadence_tolerance_days = Config::default().cadence_tolerance_days;
    }
    if c.signoff_within_days > MAX_WINDOW_DAYS {
        r.report(
            Code::MB004,
            f.key_span("signoff_within_days"),
            format!("`signoff_within_days` must be at most {MAX_WINDOW_DAYS} (ten years)"),
        );
        c.signoff_within_days = Config::default().signoff_within_days;
    }
    if c.retention_years > MAX_RETENTION_YEARS {
        r.report(
            Code::MB004,
            f.key_span("retention_years"),
            format!("`retention_years` must be at most {MAX_RETENTION_YEARS}"),
        );
        c.retention_years = Config::default().retention_years;
    }
    if let Some(q) = f.get("quorum")
        && let Some(qf) = r.map(q, "`quorum`", &["top_management", "people"])
    {
        if let Some(v) = qf
            .get("top_management")
            .and_then(|n| r.count(n, "`quorum.top_management`"))
        {
            c.quorum.top_management = v;
        }
        c.quorum.people = r.id_list(qf.get("people"), "`quorum.people`");
    }
    c.signers = r.id_list(f.get("signers"), "`signers`");
    c.repo_url = r
        .optional_text(&f, "repo_url", "the configuration")
        .map(|t| t.value);
    if let Some(b) = f
        .get("allow_raw_html")
        .and_then(|n| r.boolean(n, "`allow_raw_html`"))
    {
        c.allow_raw_html = b;
    }
    if let Some(t) = f.get("theme").and_then(|n| r.id(n, "`theme`")) {
        c.theme = Some(t.value);
    }
    if let Some(m) = f.get("metrics") {
        match &m.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    let Some(id) = r.id(k, "a metric id") else {
                        continue;
                    };
                    let mut def = MetricDef {
                        span: k.span,
                        title: id.value.clone(),
                        unit: String::new(),
                    };
                    if v.value != Value::Null
                        && let Some(df) =
                            r.map(v, &format!("metric `{}`", id.value), &["title", "unit"])
                    {
                        if let Some(t) = r.optional_text(&df, "title", "a metric") {
                            def.title = t.value;
                        }
                        if let Some(t) = r.optional_text(&df, "unit", "a metric") {
                            def.unit = t.value;
                        }
                    }
                    c.metrics.insert(id.value, def);
                }
            }
            _ => r.report(
                Code::MB004,
                m.span,
                format!(
                    "`metrics` must map metric ids to {{title, unit}}, not {}",
                    m.shape()
                ),
            ),
        }
    }
    for o in r.list(f.get("objectives"), "`objectives`") {
        let Some(of) = r.map(o, "an objective", &["id", "title", "metric", "target"]) else {
            continue;
        };
        let Some(id) = of.get("id").and_then(|n| r.id(n, "an objective id")) else {
            r.missing(&of, "id", "an objective");
            continue;
        };
        let what = format!("objective {}", id.value);
        let title = r
            .optional_text(&of, "title", &what)
            .map_or_else(|| id.value.clone(), |t| t.value);
        let metric = r.required_text(&of, "metric", &what);
        let target = match of.get("target") {
            None => {
                r.missing(&of, "target", &what);
                None
            }
            Some(n) => {
                let t = r.text(n, &format!("the target of {what}"));
                let parsed = t.as_ref().and_then(|t| Target::parse(&t.value));
                if let (Some(t), None) = (&t, parsed) {
                    r.report(
                        Code::MB004,
                        t.span,
                        format!(
                            "invalid target `{}` for {what}: expected a comparison with a number such as \"< 5\" or \">= 95\"",
                            t.value
                        ),
                    );
                }
                parsed
            }
        };
        c.objectives.push(Objective {
            id,
            title,
            metric,
            target,
        });
    }
    c
}

/// `frameworks`: plain ids or `{id, from, until}` entries, with their windows.
fn frameworks(node: Option<&Node>, r: &mut Reader<'_>) -> (Vec<Spanned<String>>, Vec<Window>) {
    let mut ids = Vec::new();
    let mut windows = Vec::new();
    for n in r.list(node, "`frameworks`") {
        if let Value::Map(_) = n.value {
            let Some(ff) = r.map(n, "a `frameworks` entry", &["id", "from", "until"]) else {
                continue;
            };
            let Some(id) = ff.get("id").and_then(|x| r.id(x, "a framework id")) else {
                r.missing(&ff, "id", "a `frameworks` entry");
                continue;
            };
            let what = format!("framework {}", id.value);
            let from = ff
                .get("from")
                .and_then(|x| r.date(x, &format!("`from` of {what}")));
            let until = ff
                .get("until")
                .and_then(|x| r.date(x, &format!("`until` of {what}")));
            if let (Some(a), Some(b)) = (&from, &until)
                && a.value > b.value
            {
                r.report(
                    Code::MB004,
                    b.span,
                    format!(
                        "{what} is in force `until: {}`, before its `from: {}`",
                        b.value, a.value
                    ),
                );
            }
            ids.push(id);
            windows.push(Window {
                from: from.map(|d| d.value),
                until: until.map(|d| d.value),
            });
        } else if let Some(id) = r.id(n, "an entry of `frameworks`") {
            ids.push(id);
            windows.push(Window::default());
        }
    }
    (ids, windows)
}

/// The first stretch of dates no window covers (`dates before 2019-01-01`,
/// `2023-11-01 to 2023-11-30`, `dates after 2025-12-31`), if any.
fn uncovered(windows: &[Window]) -> Option<String> {
    let mut sorted: Vec<Window> = windows
        .iter()
        .copied()
        .filter(|w| match (w.from, w.until) {
            (Some(a), Some(b)) => a <= b,
            _ => true,
        })
        .collect();
    sorted.sort_by_key(|w| w.from);
    let first = sorted.first()?;
    if let Some(from) = first.from {
        return Some(format!("the dates before {from}"));
    }
    // Covered from the beginning of time through `end` (None: for ever).
    let mut end = first.until;
    for w in &sorted[1..] {
        let e = end?;
        if let Some(from) = w.from
            && from > e.add_days(1)
        {
            return Some(format!("{} to {}", e.add_days(1), from.add_days(-1)));
        }
        end = w.until.map(|u| u.max(e));
    }
    end.map(|e| format!("the dates after {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    #[test]
    fn targets_parse_and_compare() {
        let t = Target::parse("< 5").unwrap();
        assert!(t.is_met(4.1) && !t.is_met(5.0));
        assert!(Target::parse(">= 95").unwrap().is_met(95.0));
        assert!(Target::parse("= 0").unwrap().is_met(0.0));
        assert_eq!(Target::parse("about 5"), None);
    }

    #[test]
    fn dated_frameworks_must_cover_every_date() {
        let d = |t: &str| Date::parse(t);
        let w = |from: Option<&str>, until: Option<&str>| Window {
            from: from.and_then(d),
            until: until.and_then(d),
        };
        let transition = [w(None, Some("2023-10-31")), w(Some("2023-11-01"), None)];
        assert_eq!(uncovered(&transition), None);
        assert_eq!(
            uncovered(&[w(None, Some("2023-10-31")), w(Some("2023-12-01"), None)]).as_deref(),
            Some("2023-11-01 to 2023-11-30")
        );
        assert_eq!(
            uncovered(&[w(Some("2020-01-01"), None)]).as_deref(),
            Some("the dates before 2020-01-01")
        );
        assert_eq!(
            uncovered(&[w(None, Some("2025-12-31"))]).as_deref(),
            Some("the dates after 2025-12-31")
        );
        // An overlap is allowed: both are in force on the shared days.
        assert_eq!(
            uncovered(&[w(None, Some("2024-06-30")), w(Some("2024-01-01"), None)]),
            None
        );
    }
}
