//! MB080: metrics reported in documents and measured by objectives are defined
//! in the configuration, so trends and targets mean one thing.

use crate::derive::Index;
use crate::diag::findings::{Code, Finding};
use crate::model::Site;
use crate::suggest;

/// Undefined metrics in documents and objectives.
pub(crate) fn defined(site: &Site, _: &Index) -> Vec<Finding> {
    let defs = &site.config.metrics;
    let hint = |id: &str| suggest::did_you_mean(id, defs.keys().map(String::as_str));
    let mut out = Vec::new();
    for d in &site.documents {
        for m in &d.metrics {
            if !defs.contains_key(&m.id.value) {
                out.push(
                    Finding::new(
                        Code::MB080,
                        Some(&d.path),
                        m.id.span,
                        format!(
                            "metric `{}` in {} is not defined in minutebook.yaml{}",
                            m.id.value,
                            d.id.value,
                            hint(&m.id.value)
                        ),
                    )
                    .with_help(
                        "define it under `metrics:` in minutebook.yaml with a title and unit",
                    ),
                );
            }
        }
    }
    for o in &site.config.objectives {
        if let Some(m) = &o.metric
            && !defs.contains_key(&m.value)
        {
            out.push(Finding::new(
                Code::MB080,
                Some("minutebook.yaml"),
                m.span,
                format!(
                    "objective {} measures metric `{}`, which is not defined under `metrics:`{}",
                    o.id.value,
                    m.value,
                    hint(&m.value)
                ),
            ));
        }
    }
    out
}
