//! Decisions that act (9.3.3): which decision created which action. A
//! decision's `actions` name actions raised in the same review; each such
//! action's page says "created by decision D-…". Names that are not actions
//! of the same document are MB038 and link nothing.

use super::actions::ActionRecord;
use crate::model::Site;
use std::collections::HashMap;

/// For each action (by position in `index.actions`), the decision that
/// created it: (document, position in its decisions). The first decision
/// naming an action wins.
pub(crate) fn created_by(
    site: &Site,
    actions: &[ActionRecord],
    action_by_id: &HashMap<String, usize>,
) -> Vec<Option<(usize, usize)>> {
    let mut out = vec![None; actions.len()];
    for (di, doc) in site.documents.iter().enumerate() {
        let Some(review) = &doc.review else { continue };
        for (xi, decision) in review.decisions.iter().enumerate() {
            for named in &decision.actions {
                let Some(&ai) = action_by_id.get(&named.value.to_ascii_lowercase()) else {
                    continue;
                };
                if actions[ai].doc == di
                    && let Some(slot) = out.get_mut(ai)
                    && slot.is_none()
                {
                    *slot = Some((di, xi));
                }
            }
        }
    }
    out
}
