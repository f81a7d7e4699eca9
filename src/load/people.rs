//! `content/people.yaml`: the register of people whose ids the minutes use.

use super::fields::Reader;
use super::yaml::{Node, Value};
use crate::diag::findings::Code;
use crate::model::Person;
use std::collections::BTreeMap;

const PERSON_KEYS: &[&str] = &["name", "role", "top_management", "left", "email"];

/// Reads the people register, keyed by lower-cased id.
pub fn read(node: &Node, r: &mut Reader<'_>) -> BTreeMap<String, Person> {
    let mut people = BTreeMap::new();
    let entries = match &node.value {
        Value::Null => return people,
        Value::Map(e) => e,
        _ => {
            r.report(
                Code::MB004,
                node.span,
                format!(
                    "people.yaml must map person ids to their details, not {}",
                    node.shape()
                ),
            );
            return people;
        }
    };
    for (k, v) in entries {
        let Some(id) = r.id(k, "a person id") else {
            continue;
        };
        let key = id.value.to_ascii_lowercase();
        if people.contains_key(&key) {
            r.report(
                Code::MB005,
                id.span,
                format!("person `{}` is defined twice", id.value),
            );
            continue;
        }
        let mut person = Person {
            id: id.value.clone(),
            name: id.value.clone(),
            role: String::new(),
            top_management: false,
            left: None,
            span: id.span,
        };
        if v.value != Value::Null
            && let Some(f) = r.map(v, &format!("person `{}`", id.value), PERSON_KEYS)
        {
            let what = format!("person {}", id.value);
            if let Some(t) = r.optional_text(&f, "name", &what) {
                person.name = t.value;
            }
            if let Some(t) = r.optional_text(&f, "role", &what) {
                person.role = t.value;
            }
            if let Some(b) = f
                .get("top_management")
                .and_then(|n| r.boolean(n, "`top_management`"))
            {
                person.top_management = b;
            }
            person.left = f
                .get("left")
                .and_then(|n| r.date(n, &format!("the leaving date of {what}")))
                .map(|d| d.value);
        }
        people.insert(key, person);
    }
    people
}
