//! Editions of one standard linked by `maps_to` (ISO/IEC 27001:2013 ->
//! 2022): what a reference of an edition not in force became, for MB027's
//! help, and which earlier items became a given one, for its clause page.

use super::{CatalogItem, Catalogs, ItemRef};

/// A reference that names an item of a catalog not in force, with the
/// items of the frameworks in force it maps to.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Mapped {
    /// The item the reference names where it does resolve (`iso27001-2013`, `A.8.1.1`).
    pub source: ItemRef,
    /// Its title there (`Inventory of assets`).
    pub source_title: String,
    /// The items of the frameworks in force it became, in `maps_to` order.
    pub targets: Vec<ItemRef>,
}

impl Catalogs {
    /// The item an unqualified reference names in a catalog that is not
    /// among `frameworks`, when that item maps to an item of one of them:
    /// `A.8.1.1` in a 2022 context is 2013's Inventory of assets, which
    /// became `A.5.9`. None when no such catalog has it.
    pub(crate) fn mapped_elsewhere(
        &self,
        reference: &str,
        frameworks: &[String],
    ) -> Option<Mapped> {
        if reference.contains(':') {
            return None;
        }
        let in_force = |id: &str| frameworks.iter().any(|f| f.eq_ignore_ascii_case(id));
        self.catalogs
            .iter()
            .filter(|c| !in_force(&c.id))
            .find_map(|c| {
                let item = c.find(reference)?;
                let targets: Vec<ItemRef> = self
                    .targets(item)
                    .into_iter()
                    .filter(|t| in_force(&t.catalog))
                    .collect();
                (!targets.is_empty()).then(|| Mapped {
                    source: ItemRef {
                        catalog: c.id.clone(),
                        item: item.id.clone(),
                    },
                    source_title: item.title.clone(),
                    targets,
                })
            })
    }

    /// The item an unqualified reference names in a catalog not among
    /// `frameworks`, with the items of the frameworks in force that became
    /// it (possibly none: a control new in that edition): `A.5.9` in a
    /// 2013 context is 2022's, which was 2013's `A.8.1.1` and `A.8.1.2`.
    pub(crate) fn mapped_back(&self, reference: &str, frameworks: &[String]) -> Option<Mapped> {
        if reference.contains(':') {
            return None;
        }
        let in_force = |id: &str| frameworks.iter().any(|f| f.eq_ignore_ascii_case(id));
        // Only a catalog that one in force maps into: an edition of the same standard.
        self.catalogs
            .iter()
            .filter(|c| !in_force(&c.id))
            .filter(|c| {
                self.catalogs
                    .iter()
                    .filter(|o| in_force(&o.id))
                    .flat_map(|o| &o.items)
                    .flat_map(|i| &i.maps_to)
                    .any(|m| {
                        m.split_once(':')
                            .is_some_and(|(p, _)| p.trim().eq_ignore_ascii_case(&c.id))
                    })
            })
            .find_map(|c| {
                let item = c.find(reference)?;
                let source = ItemRef {
                    catalog: c.id.clone(),
                    item: item.id.clone(),
                };
                let targets = self
                    .mapped_from(&source)
                    .into_iter()
                    .filter(|t| in_force(&t.catalog))
                    .collect();
                Some(Mapped {
                    source,
                    source_title: item.title.clone(),
                    targets,
                })
            })
    }

    /// The items an item's `maps_to` names (qualified entries; an
    /// unqualified one is read in the item's own catalog's default).
    pub(crate) fn targets(&self, item: &CatalogItem) -> Vec<ItemRef> {
        item.maps_to
            .iter()
            .filter_map(|m| self.resolve(m, &[]).ok())
            .collect()
    }

    /// The items of other catalogs whose `maps_to` names `target`, in
    /// catalog then item order: `A.5.9` of 2022 was 2013's `A.8.1.1` and
    /// `A.8.1.2`.
    pub(crate) fn mapped_from(&self, target: &ItemRef) -> Vec<ItemRef> {
        let mut out = Vec::new();
        for c in self
            .catalogs
            .iter()
            .filter(|c| !c.id.eq_ignore_ascii_case(&target.catalog))
        {
            for item in c.items.iter().filter(|i| !i.maps_to.is_empty()) {
                if self.targets(item).iter().any(|t| t == target) {
                    out.push(ItemRef {
                        catalog: c.id.clone(),
                        item: item.id.clone(),
                    });
                }
            }
        }
        out
    }
}

/// How an edition is named beside an item (`2013` for `iso27001-2013`): the
/// catalog id's last `-` part when it is a year, else the whole id.
pub(crate) fn edition_of(id: &str) -> String {
    match id.rsplit_once('-') {
        Some((_, year)) if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) => {
            year.to_string()
        }
        _ => id.to_string(),
    }
}
