//! Findings: what a check tells the ISMS manager, with a stable code and a place.
//!
//! Every problem minutebook sees, from a YAML typo to an overdue action, becomes
//! a [`Finding`]. Codes never change meaning, so scripts and CI can rely on them.

use serde::Serialize;

/// How serious a finding is: errors fail `check` and `build`, warnings do not
/// unless `--deny-warnings`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the run.
    Error,
    /// Reported; fails only with `--deny-warnings`.
    Warning,
}

macro_rules! codes {
    ($($name:ident = $text:literal, $sev:ident, $title:literal;)*) => {
        /// A check code from the format; its text (`MB020`) is the stable public name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $(
            #[doc = $title]
            $name,
        )* }

        impl Code {
            /// Every code, in order, for documentation and tests.
            pub(crate) const ALL: &'static [Code] = &[$(Code::$name),*];

            /// The code's text (`MB020`): the stable name users silence, grep and
            /// look up, whatever the enum is called.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $text),* }
            }

            /// The severity the spec gives this code.
            pub(crate) fn severity(self) -> Severity {
                match self { $(Code::$name => Severity::$sev),* }
            }

            /// A one-line description of what the code means.
            pub fn title(self) -> &'static str {
                match self { $(Code::$name => $title),* }
            }
        }
    };
}

codes! {
    MB001 = "MB001", Error, "no frontmatter, or it is not closed";
    MB002 = "MB002", Error, "YAML syntax error";
    MB003 = "MB003", Error, "unknown key";
    MB004 = "MB004", Error, "missing required key, wrong type or invalid value";
    MB005 = "MB005", Error, "duplicate id";
    MB006 = "MB006", Error, "file is not UTF-8";
    MB010 = "MB010", Error, "unknown person, or person who had left";
    MB020 = "MB020", Error, "required review input not covered";
    MB021 = "MB021", Error, "covers names an anchor the body does not have";
    MB022 = "MB022", Warning, "covered section is empty or a placeholder";
    MB023 = "MB023", Error, "no top-management attendee";
    MB024 = "MB024", Error, "quorum not met";
    MB025 = "MB025", Error, "review records no decision (9.3.3)";
    MB026 = "MB026", Warning, "covered section copied from the previous review";
    MB027 = "MB027", Error, "unknown clause or control reference";
    MB030 = "MB030", Error, "action without exactly one owner";
    MB031 = "MB031", Error, "action without due date";
    MB032 = "MB032", Error, "update names an unknown action";
    MB033 = "MB033", Error, "action marked done without closure evidence";
    MB034 = "MB034", Warning, "action overdue as of the as-of date";
    MB035 = "MB035", Error, "action not reported in this review's updates (9.3.2 a)";
    MB036 = "MB036", Error, "update dated before its action was raised, or after the as-of date";
    MB037 = "MB037", Error, "major or minor nonconformity with no corrective action (10.2)";
    MB038 = "MB038", Error, "closes names an unknown nonconformity, or a decision's actions an unknown action";
    MB040 = "MB040", Error, "evidence file not found";
    MB041 = "MB041", Error, "evidence path leaves content/";
    MB042 = "MB042", Error, "evidence differs from evidence.lock";
    MB043 = "MB043", Warning, "evidence file referenced by no document";
    MB044 = "MB044", Error, "locked evidence file is gone";
    MB045 = "MB045", Warning, "evidence past its valid_until";
    MB050 = "MB050", Error, "document changed after sign-off";
    MB051 = "MB051", Warning, "review not signed off in time";
    MB052 = "MB052", Error, "sign-off names a missing document or a signer who may not sign";
    MB060 = "MB060", Warning, "gap between two reviews exceeds the cadence";
    MB061 = "MB061", Warning, "next review overdue";
    MB070 = "MB070", Error, "broken link in a body";
    MB080 = "MB080", Error, "metric or objective not defined in configuration";
}

impl Code {
    /// Whether a finding of this code stops `build`, `bundle` and `serve`
    /// from writing the site ("Findings never hide the site"): a
    /// document that cannot be read as written (MB001–MB006) would be
    /// published wrongly or not at all, and an evidence path leaving
    /// `content/` (MB041) would publish a file from outside the site. Every
    /// other finding is shown in the site instead.
    pub(crate) fn stops_build(self) -> bool {
        matches!(
            self,
            Code::MB001
                | Code::MB002
                | Code::MB003
                | Code::MB004
                | Code::MB005
                | Code::MB006
                | Code::MB041
        )
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in a source file: 1-based line and column; 0 means unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// 1-based line, 0 when unknown.
    pub line: u32,
    /// 1-based column in characters, 0 when unknown.
    pub column: u32,
}

impl Span {
    /// A known place.
    pub(crate) fn at(line: u32, column: u32) -> Span {
        Span { line, column }
    }
    /// No place (a finding about a whole file or the site).
    pub(crate) const NONE: Span = Span { line: 0, column: 0 };
}

/// One problem found in a site, with everything a reader needs to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The stable check code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root with `/` separators, when there is one.
    pub file: Option<String>,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
    /// What is wrong, naming the thing it is about.
    pub message: String,
    /// How to fix it, when there is a useful hint.
    #[serde(skip)]
    pub help: Option<String>,
}

impl Finding {
    /// A finding with the code's own severity.
    pub(crate) fn new(
        code: Code,
        file: Option<&str>,
        span: Span,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            code,
            severity: code.severity(),
            file: file.map(str::to_string),
            line: (span.line > 0).then_some(span.line),
            column: (span.column > 0).then_some(span.column),
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint on how to fix it.
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// Orders findings by file, place, then code, so output is stable.
    pub(crate) fn sort_key(&self) -> (Option<&str>, u32, u32, Code, &str) {
        (
            self.file.as_deref(),
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            self.code,
            self.message.as_str(),
        )
    }
}

/// All findings of a run, sorted, with their counts.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every finding, sorted by file and place.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Sorts, removes exact duplicates and counts.
    pub fn new(mut findings: Vec<Finding>) -> Report {
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        findings.dedup();
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        Report {
            errors,
            warnings: findings.len() - errors,
            findings,
        }
    }

    /// Whether the run fails: any error, or any warning when warnings are denied.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.errors > 0 || (deny_warnings && self.warnings > 0)
    }

    /// The findings that stop the site from being written (see
    /// [`Code::stops_build`]); empty when the site can be built.
    pub fn stopping(&self) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|f| f.code.stops_build())
            .collect()
    }

    /// The JSON object of the format (also `data/findings.json`).
    pub(crate) fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        s.push('\n');
        s
    }
}
