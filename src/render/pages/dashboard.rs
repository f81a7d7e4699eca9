//! The dashboard and the board report: key figures, charts, objectives.

use super::common::Ctx;
use super::document::format_value;
use crate::check::cadence::next_review_due;
use crate::derive::kpis::{self, Kpis};
use crate::model::Status;
use crate::render::charts;
use crate::render::tables::{self, ActionTable, DocumentTable};
use crate::render::views::*;

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |x| format!("{} %", charts::num(x.round())))
}

/// The key figures of the format.
pub(crate) fn kpi_cards(k: &Kpis) -> Vec<Kpi> {
    let state = |good: bool, label_good: &str, label_bad: &str| {
        if good {
            ("good".to_string(), label_good.to_string())
        } else {
            ("warn".to_string(), label_bad.to_string())
        }
    };
    let on_time = k.on_time_rate();
    let (s1, l1) = on_time.map_or(("neutral".into(), "No actions done yet".into()), |r| {
        state(r >= 80.0, "On target (≥ 80 %)", "Below 80 %")
    });
    let (s2, l2) = if k.overdue == 0 {
        ("good".into(), "None overdue".into())
    } else {
        ("bad".into(), "Needs attention".into())
    };
    let (s4, l4) = state(
        k.reviews_held >= k.reviews_expected,
        "On cadence",
        "Behind cadence",
    );
    let cov = k.coverage_rate();
    let (s5, l5) = cov.map_or(("neutral".into(), "No reviews yet".into()), |c| {
        state(c >= 100.0, "Every input covered", "Gaps or placeholders")
    });
    let (s6, l6) = state(
        k.reviews_signed == k.reviews_total,
        "All signed off",
        "Sign-off outstanding",
    );
    vec![
        Kpi {
            id: "on-time".into(),
            label: "On-time action completion".into(),
            value: pct(on_time),
            detail: format!(
                "{} of {} done actions closed by their original due date",
                k.done_on_time, k.done
            ),
            state: s1,
            state_label: l1,
            href: "actions/index.html".into(),
        },
        Kpi {
            id: "overdue".into(),
            label: "Overdue actions".into(),
            value: k.overdue.to_string(),
            detail: format!("of {} open actions", k.open),
            state: s2,
            state_label: l2,
            href: "actions/index.html?overdue=1".into(),
        },
        Kpi {
            id: "median-close".into(),
            label: "Median days to close corrective actions".into(),
            value: k
                .median_days_to_close_corrective
                .map_or_else(|| "–".into(), |d| format!("{} days", charts::num(d))),
            detail: format!("over {} closed corrective actions", k.corrective_closed),
            state: "neutral".into(),
            state_label: "For information".into(),
            href: "actions/index.html".into(),
        },
        Kpi {
            id: "open-nc".into(),
            label: "Open nonconformities".into(),
            value: k.nonconformities_open.to_string(),
            detail: format!(
                "major and minor, of {} raised in audits and incidents",
                k.nonconformities_total
            ),
            state: if k.nonconformities_open == 0 {
                "good".into()
            } else {
                "warn".into()
            },
            state_label: if k.nonconformities_open == 0 {
                "None open".into()
            } else {
                "Corrective action under way".into()
            },
            href: "nonconformities/index.html".into(),
        },
        Kpi {
            id: "median-nc-close".into(),
            label: "Median days to close nonconformities".into(),
            value: k
                .median_days_to_close_nonconformities
                .map_or_else(|| "–".into(), |d| format!("{} days", charts::num(d))),
            detail: format!(
                "from the record that raised them to their last corrective action done, over {} closed",
                k.nonconformities_closed
            ),
            state: "neutral".into(),
            state_label: "For information".into(),
            href: "nonconformities/index.html".into(),
        },
        Kpi {
            id: "evidence-expiring".into(),
            label: "Evidence expiring within 60 days".into(),
            value: k.evidence_expiring.to_string(),
            detail: format!(
                "current evidence (certificates, reports) whose valid_until ends within 60 days; {} expired",
                k.evidence_expired
            ),
            state: if k.evidence_expired > 0 {
                "bad".into()
            } else if k.evidence_expiring > 0 {
                "warn".into()
            } else {
                "good".into()
            },
            state_label: if k.evidence_expired > 0 {
                "Expired evidence".into()
            } else if k.evidence_expiring > 0 {
                "Renew soon".into()
            } else {
                "None expiring".into()
            },
            href: "evidence/index.html".into(),
        },
        Kpi {
            id: "reviews".into(),
            label: "Reviews held vs expected".into(),
            value: format!("{} / {}", k.reviews_held, k.reviews_expected),
            detail: "scheduled reviews held against the configured cadence".into(),
            state: s4,
            state_label: l4,
            href: "reviews/index.html".into(),
        },
        Kpi {
            id: "coverage".into(),
            label: "Input coverage".into(),
            value: pct(cov),
            detail: format!(
                "{} of {} required inputs covered (✓) or reviewed with no change (=) across scheduled reviews; placeholders (◌) and gaps (✗) do not count",
                k.inputs_covered, k.inputs_required
            ),
            state: s5,
            state_label: l5,
            href: "clauses/index.html".into(),
        },
        Kpi {
            id: "signoff".into(),
            label: "Sign-off".into(),
            value: format!("{} / {}", k.reviews_signed, k.reviews_total),
            detail: "reviews whose current text carries a valid sign-off".into(),
            state: s6,
            state_label: l6,
            href: "audit/index.html".into(),
        },
    ]
}

/// Objectives against their latest measured value.
pub(crate) fn objectives(
    ctx: &Ctx<'_>,
    series: &[(String, Vec<kpis::Point>)],
) -> Vec<ObjectiveView> {
    ctx.site
        .config
        .objectives
        .iter()
        .map(|o| {
            let metric_id = o
                .metric
                .as_ref()
                .map(|m| m.value.as_str())
                .unwrap_or_default();
            let def = ctx.site.config.metrics.get(metric_id);
            let unit = def.map(|d| d.unit.as_str()).unwrap_or_default();
            let latest = series
                .iter()
                .find(|(id, _)| id == metric_id)
                .and_then(|(_, pts)| pts.last());
            let met = match (latest, o.target) {
                (Some(p), Some(t)) => Some(t.is_met(p.value)),
                _ => None,
            };
            ObjectiveView {
                id: o.id.value.clone(),
                title: o.title.clone(),
                metric: def.map_or_else(|| metric_id.to_string(), |d| d.title.clone()),
                target: o
                    .target
                    .map(|t| {
                        format!(
                            "{}{}",
                            t.display(),
                            if unit.is_empty() {
                                String::new()
                            } else {
                                format!(" {unit}")
                            }
                        )
                    })
                    .unwrap_or_default(),
                latest: latest
                    .map(|p| format_value(p.value, unit))
                    .unwrap_or_default(),
                latest_on: latest.map(|p| p.date.to_string()).unwrap_or_default(),
                state: match met {
                    Some(true) => "good",
                    Some(false) => "bad",
                    None => "neutral",
                }
                .into(),
                state_label: match met {
                    Some(true) => "Met",
                    Some(false) => "Not met",
                    None => "No data",
                }
                .into(),
            }
        })
        .collect()
}

/// How many of the latest points a trend chart draws (and tabulates).
///
/// A dashboard shows where things are heading: 60 points are fifteen years of
/// quarterly reviews or five of monthly ones, and still one point per ~9 px of
/// plot. A longer history would draw more points than the chart has pixels
/// (10,000 weekly reviews made each chart a 1 MB SVG and the dashboard 11 MB);
/// every measurement stays on its review page and in `data/site.json`.
pub(crate) const TREND_POINTS: usize = 60;

/// The last [`TREND_POINTS`] of a series, in order.
fn latest<T>(all: &[T]) -> &[T] {
    &all[all.len().saturating_sub(TREND_POINTS)..]
}

/// Trend charts: each metric, then actions opened and closed per review period,
/// each over its latest [`TREND_POINTS`] points.
pub(crate) fn charts(ctx: &Ctx<'_>, series: &[(String, Vec<kpis::Point>)]) -> Vec<ChartView> {
    let site = ctx.site;
    let mut out = Vec::new();
    for (id, all) in series {
        if all.is_empty() {
            continue;
        }
        let pts = latest(all);
        let def = site.config.metrics.get(id);
        let title = def.map_or_else(|| id.clone(), |d| d.title.clone());
        let unit = def.map(|d| d.unit.clone()).unwrap_or_default();
        let target = site
            .config
            .objectives
            .iter()
            .find(|o| o.metric.as_ref().is_some_and(|m| &m.value == id))
            .and_then(|o| o.target);
        let labeled: Vec<(String, f64)> = pts
            .iter()
            .map(|p| {
                (
                    site.documents[p.doc]
                        .date
                        .to_string()
                        .chars()
                        .take(7)
                        .collect(),
                    p.value,
                )
            })
            .collect();
        out.push(ChartView {
            id: format!("metric-{}", crate::model::page_slug(id)),
            title: title.clone(),
            svg: charts::trend(
                &format!("chart-{}", crate::model::page_slug(id)),
                &title,
                &labeled,
                target.map(|t| t.value),
                &unit,
            ),
            summary: format!(
                "{}{}",
                if all.len() > TREND_POINTS {
                    format!("latest {TREND_POINTS} of {} measurements", all.len())
                } else {
                    format!("{} measurements", all.len())
                },
                target
                    .map(|t| format!(", target {}", t.display()))
                    .unwrap_or_default()
            ),
            // The unit once, in the column's head ("7", not "7 count").
            table_head: vec![
                "Date".into(),
                "Document".into(),
                if unit.is_empty() {
                    title.clone()
                } else {
                    format!("{title} ({unit})")
                },
            ],
            table_rows: tables::chart_rows(
                &pts.iter()
                    .map(|p| {
                        vec![
                            p.date.to_string(),
                            site.documents[p.doc].id.value.clone(),
                            format_value(p.value, ""),
                        ]
                    })
                    .collect::<Vec<_>>(),
            ),
        });
    }
    // Actions opened and closed in each period ending at a scheduled review.
    let reviews: Vec<_> = site.scheduled_reviews().collect();
    let mut rows = Vec::new();
    let mut start = None;
    // Sorted dates, so a period's count is two binary searches.
    let mut raised: Vec<_> = ctx.index.actions.iter().map(|a| a.raised_on).collect();
    raised.sort_unstable();
    let mut done: Vec<_> = ctx
        .index
        .actions
        .iter()
        .filter(|a| a.status == Status::Done)
        .filter_map(|a| a.closed_on)
        .collect();
    done.sort_unstable();
    // How many dates fall in (start, end].
    let in_period = |dates: &[crate::date::Date], start: Option<crate::date::Date>, end| {
        let upto = |x| dates.partition_point(|d| *d <= x);
        upto(end).saturating_sub(start.map_or(0, upto))
    };
    for r in &reviews {
        let opened = in_period(&raised, start, r.date);
        let closed = in_period(&done, start, r.date);
        rows.push((r.id.value.clone(), opened, closed));
        start = Some(r.date);
    }
    if !rows.is_empty() {
        let periods = rows.len();
        let rows = latest(&rows);
        out.push(ChartView {
            id: "actions-per-review".into(),
            title: "Actions opened and closed per review period".into(),
            svg: charts::opened_closed(
                "chart-actions",
                "Actions opened and closed per review period",
                rows,
            ),
            summary: if periods > TREND_POINTS {
                format!(
                    "Actions raised and actions completed in the period up to each of the latest \
                     {TREND_POINTS} of {periods} scheduled reviews"
                )
            } else {
                "Actions raised and actions completed in the period up to each scheduled review"
                    .into()
            },
            table_head: vec!["Review".into(), "Opened".into(), "Closed".into()],
            table_rows: tables::chart_rows(
                &rows
                    .iter()
                    .map(|(l, o, c)| vec![l.clone(), o.to_string(), c.to_string()])
                    .collect::<Vec<_>>(),
            ),
        });
    }
    out
}

/// The dashboard.
pub(crate) fn dashboard(ctx: &Ctx<'_>, root: &str) -> DashboardView {
    let site = ctx.site;
    let k = kpis::compute(site, ctx.index);
    let series = kpis::metric_series(site);
    let as_of = ctx.as_of();
    let next = next_review_due(site);
    let latest = site.latest_scheduled_review();
    DashboardView {
        kpis: kpi_cards(&k),
        charts: charts(ctx, &series),
        objectives: objectives(ctx, &series),
        next_review_due: next.map(|d| d.to_string()).unwrap_or_default(),
        next_review_note: next
            .map(|due| {
                let days = as_of.days_until(due);
                match days {
                    0 => "due today".to_string(),
                    d if d > 0 => format!("due in {}", crate::words::days(d)),
                    d if !crate::check::cadence::overdue(site, due, as_of) => {
                        format!(
                            "{} past, within the {}-day tolerance",
                            crate::words::days(-d),
                            site.config.cadence_tolerance_days
                        )
                    }
                    d => format!("overdue by {}", crate::words::days(-d)),
                }
            })
            .unwrap_or_else(|| "no scheduled review yet".into()),
        next_review_overdue: next.is_some_and(|d| crate::check::cadence::overdue(site, d, as_of)),
        latest_review: latest.map(|i| ctx.doc_link(i)),
        findings_by_code: ctx.by_code(),
        findings_total: crate::render::tables::count_words(ctx.report.errors, ctx.report.warnings),
        overdue_actions: tables::actions(
            root,
            &ctx.index
                .actions
                .iter()
                .filter(|a| a.overdue)
                .map(|a| ctx.action_row(a))
                .collect::<Vec<_>>(),
            &ActionTable {
                show_closed: false,
                ..ActionTable::new(
                    "overdue-actions",
                    "Actions past their current due date",
                    "No action is overdue.",
                )
            },
        ),
        recent_reviews: tables::documents(
            root,
            &site
                .documents
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, d)| d.review.is_some())
                .take(5)
                .map(|(i, _)| ctx.doc_row(i))
                .collect::<Vec<_>>(),
            &DocumentTable {
                id: "recent-reviews",
                caption: "Most recent reviews, newest first",
                reviews: true,
                sortable: false,
                empty: "No management review has been recorded yet.",
            },
        ),
    }
}

/// The board report of the latest review cycle.
pub(crate) fn report(ctx: &Ctx<'_>, root: &str) -> ReportView {
    let site = ctx.site;
    let k = kpis::compute(site, ctx.index);
    let series = kpis::metric_series(site);
    let latest = site.latest_scheduled_review();
    let doc = latest.map(|i| &site.documents[i]);
    let mut open: Vec<_> = ctx
        .index
        .actions
        .iter()
        .filter(|a| !a.status.is_closed())
        .collect();
    open.sort_by_key(|a| (!a.overdue, a.due, a.id.clone()));
    ReportView {
        review: latest.map(|i| ctx.doc_row(i)),
        chair: doc
            .and_then(|d| d.review.as_ref())
            .and_then(|r| r.chair.as_ref())
            .map(|c| ctx.person(&c.value)),
        kpis: kpi_cards(&k),
        objectives: objectives(ctx, &series),
        decisions: tables::decisions(
            root,
            &latest.map(|i| ctx.decisions(i)).unwrap_or_default(),
            false,
            "No decision was recorded at the latest review.",
            "",
        ),
        actions_raised: tables::actions(
            root,
            &latest
                .map(|i| {
                    ctx.index
                        .actions
                        .iter()
                        .filter(|a| a.doc == i)
                        .map(|a| ctx.action_row(a))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
            &ActionTable {
                show_raised: false,
                sortable: false,
                ..ActionTable::new(
                    "report-raised",
                    "Actions raised at the latest review",
                    "No action was raised at the latest review.",
                )
            },
        ),
        open_actions: tables::actions(
            root,
            &open
                .into_iter()
                .map(|a| ctx.action_row(a))
                .collect::<Vec<_>>(),
            &ActionTable {
                show_closed: false,
                sortable: false,
                ..ActionTable::new(
                    "report-open",
                    "All open actions now, overdue first",
                    "No action is open.",
                )
            },
        ),
        coverage: tables::coverage(
            root,
            "",
            &latest.map(|i| ctx.coverage(i)).unwrap_or_default(),
            "report-coverage",
            "Required review inputs (clause 9.3.2) and where the minutes cover them",
        ),
        charts: charts(ctx, &series),
    }
}
