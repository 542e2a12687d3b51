//! `minutes decisions`: the register of decisions across meetings.
//!
//! `--json` prints an array, oldest first, of:
//!
//! ```text
//! { "meeting": "2025-01-07", "date": "2025-01-07", "item": "data-centres",
//!   "item_title": "...", "tags": ["energy", ...], "private": false, "text": "...",
//!   "kind": "resolution" }
//! ```
//!
//! `kind` is null for a plain decision.

use super::Global;
use crate::cli::DecisionsArgs;
use crate::error::Result;
use crate::index::{Detail, Parts};
use crate::query;
use crate::ui::{self, BOLD, CYAN, DIM, YELLOW, paint};

pub fn run(global: &Global, options: DecisionsArgs) -> Result<()> {
    let archive = global.archive()?;
    let records = global.meetings(&archive, Detail::Parts(Parts::ITEMS | Parts::DECISIONS))?;
    if let Some(tag) = &options.tag {
        let tags = query::tags(&records);
        if !tags
            .iter()
            .any(|t| query::text::fold(t) == query::text::fold(tag))
        {
            return Err(query::unknown_tag(tag, &tags));
        }
    }
    let filter = query::DecisionFilter {
        tag: options.tag.as_deref(),
        since: options.since,
        kind: options.kind,
    };
    let decisions = query::decisions(&records, &filter);
    if global.json {
        return ui::print_json(&decisions);
    }
    if decisions.is_empty() {
        global.note("no decisions match");
        return Ok(());
    }
    let mut out = String::new();
    let mut last = None;
    for d in &decisions {
        let place = (&d.place.meeting, &d.place.item);
        if last != Some(place) {
            let private = if d.private {
                format!("  {}", paint(YELLOW, "private"))
            } else {
                String::new()
            };
            out.push_str(&format!(
                "{}  {}{private}\n",
                paint(BOLD, &d.place.meeting),
                paint(DIM, &d.place.item_title)
            ));
            last = Some(place);
        }
        let kind = d
            .kind
            .map(|k| format!("{} ", paint(CYAN, format!("{}:", k.as_str()))))
            .unwrap_or_default();
        out.push_str(&format!("  - {kind}{}\n", ui::one_line(&d.text)));
    }
    ui::print(&out)
}
