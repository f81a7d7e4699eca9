//! `minutebook.yaml` as the stages read it: the site's settings, every key
//! with a default. Reading the file is [`crate::load::config`].

use crate::date::Date;
use crate::diag::findings::Span;
use crate::model::Spanned;
use std::collections::BTreeMap;

/// The site configuration from `minutebook.yaml`: what the organisation
/// has promised (cadence, quorum, frameworks, targets) and is checked against.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Organisation name.
    pub organisation: String,
    /// Catalog ids; the first in force on a document's date resolves its
    /// unqualified references.
    pub frameworks: Vec<Spanned<String>>,
    /// When each of `frameworks` is in force (same positions): `from`/`until`
    /// of a dated entry, both open for a plain id.
    pub framework_windows: Vec<Window>,
    /// A review is expected at least this often.
    pub cadence_months: u32,
    /// Slack in days before MB060/MB061 call a review late.
    pub cadence_tolerance_days: u32,
    /// A review should be signed off within this many days.
    pub signoff_within_days: u32,
    /// How long records are kept (shown to auditors).
    pub retention_years: u32,
    /// Who must attend.
    pub quorum: Quorum,
    /// People who may sign off besides the chair and top management.
    pub signers: Vec<Spanned<String>>,
    /// Base URL for links to repository files outside `content/`.
    pub repo_url: Option<String>,
    /// Objectives measured by metrics.
    pub objectives: Vec<Objective>,
    /// Metric definitions, by id.
    pub metrics: BTreeMap<String, MetricDef>,
    /// Let raw HTML in bodies through (off: it is escaped).
    pub allow_raw_html: bool,
    /// Theme folder name under `themes/` (the built-in theme otherwise).
    pub theme: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            organisation: String::new(),
            frameworks: vec![Spanned::new("iso27001-2022".into(), Span::NONE)],
            framework_windows: vec![Window::default()],
            cadence_months: 12,
            cadence_tolerance_days: 0,
            signoff_within_days: 30,
            retention_years: 3,
            quorum: Quorum::default(),
            signers: Vec::new(),
            repo_url: None,
            objectives: Vec::new(),
            metrics: BTreeMap::new(),
            allow_raw_html: false,
            theme: None,
        }
    }
}

impl Config {
    /// The frameworks the site is reviewed against now: those in force on the
    /// latest date any window covers (open-ended ones), in list order. Pages
    /// write these frameworks' items unqualified (`A.5.9`, not
    /// `iso27001-2022:A.5.9`) and `new review` writes their agenda.
    pub(crate) fn framework_ids(&self) -> Vec<String> {
        self.frameworks_on(None)
    }

    /// Every framework listed, in list order, whatever its dates.
    pub(crate) fn all_framework_ids(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for f in &self.frameworks {
            if !out.iter().any(|x| x.eq_ignore_ascii_case(&f.value)) {
                out.push(f.value.clone());
            }
        }
        out
    }

    /// The frameworks in force on a date (None: open, the latest), in list
    /// order: a document's required inputs are theirs and its unqualified
    /// references resolve in the first of them. A date no window covers
    /// (MB004 on `frameworks` already says so) falls back to the first
    /// framework listed, so that nothing else breaks because of the gap.
    pub(crate) fn frameworks_on(&self, date: Option<Date>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, f) in self.frameworks.iter().enumerate() {
            let w = self.framework_windows.get(i).copied().unwrap_or_default();
            let in_force = match date {
                Some(d) => w.contains(d),
                None => w.until.is_none(),
            };
            if in_force && !out.iter().any(|x| x.eq_ignore_ascii_case(&f.value)) {
                out.push(f.value.clone());
            }
        }
        if out.is_empty()
            && let Some(first) = self.frameworks.first()
        {
            out.push(first.value.clone());
        }
        out
    }
}

/// When a framework is in force: from `from` through `until`, both days
/// included, either open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    /// First day in force (open: since ever).
    pub from: Option<Date>,
    /// Last day in force (open: still in force).
    pub until: Option<Date>,
}

impl Window {
    /// Whether the framework is in force on `d`.
    pub(crate) fn contains(self, d: Date) -> bool {
        self.from.is_none_or(|f| f <= d) && self.until.is_none_or(|u| d <= u)
    }
}

/// Who must be present at a review, so a review held without top
/// management is reported instead of passing as valid.
#[derive(Clone, Debug, PartialEq)]
pub struct Quorum {
    /// How many top-management people at least.
    pub top_management: u32,
    /// People who must each be present.
    pub people: Vec<Spanned<String>>,
}

impl Default for Quorum {
    fn default() -> Self {
        Quorum {
            top_management: 1,
            people: Vec::new(),
        }
    }
}

/// An information security objective (6.2) measured by a metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Objective {
    /// Id.
    pub id: Spanned<String>,
    /// Title.
    pub title: String,
    /// The metric id that measures it.
    pub metric: Option<Spanned<String>>,
    /// The target, when it parses.
    pub target: Option<Target>,
}

/// A comparison with a number: `< 5`, `>= 95`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    /// The comparison.
    pub op: Comparison,
    /// The number.
    pub value: f64,
}

/// How a metric is compared with its target, so "on target" is decided by
/// the configuration rather than guessed from the numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// `<`
    Less,
    /// `<=`
    LessOrEqual,
    /// `>`
    Greater,
    /// `>=`
    GreaterOrEqual,
    /// `=`
    Equal,
}

impl Target {
    /// Parses `< 5`, `<= 5`, `> 90`, `>= 95`, `= 0` (also `==`).
    pub(crate) fn parse(text: &str) -> Option<Target> {
        let t = text.trim();
        let (op, rest) = if let Some(r) = t.strip_prefix("<=") {
            (Comparison::LessOrEqual, r)
        } else if let Some(r) = t.strip_prefix(">=") {
            (Comparison::GreaterOrEqual, r)
        } else if let Some(r) = t.strip_prefix("==") {
            (Comparison::Equal, r)
        } else if let Some(r) = t.strip_prefix('<') {
            (Comparison::Less, r)
        } else if let Some(r) = t.strip_prefix('>') {
            (Comparison::Greater, r)
        } else if let Some(r) = t.strip_prefix('=') {
            (Comparison::Equal, r)
        } else {
            return None;
        };
        let value: f64 = rest.trim().trim_end_matches('%').trim().parse().ok()?;
        value.is_finite().then_some(Target { op, value })
    }

    /// Whether a measured value meets the target.
    pub(crate) fn is_met(&self, v: f64) -> bool {
        match self.op {
            Comparison::Less => v < self.value,
            Comparison::LessOrEqual => v <= self.value,
            Comparison::Greater => v > self.value,
            Comparison::GreaterOrEqual => v >= self.value,
            Comparison::Equal => (v - self.value).abs() < 1e-9,
        }
    }

    /// The target as written canonically (`< 5`).
    pub(crate) fn display(&self) -> String {
        let op = match self.op {
            Comparison::Less => "<",
            Comparison::LessOrEqual => "≤",
            Comparison::Greater => ">",
            Comparison::GreaterOrEqual => "≥",
            Comparison::Equal => "=",
        };
        format!("{op} {}", self.value)
    }
}

/// A metric's definition, so values reported in minutes are shown with
/// their title, unit and target.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct MetricDef {
    /// Where it is defined.
    pub span: Span,
    /// Title.
    pub title: String,
    /// Unit (`%`, `days`).
    pub unit: String,
}
