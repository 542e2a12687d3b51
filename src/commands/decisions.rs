//! `minutes decisions`: the register of decisions across meetings.
//!
//! `--json` prints an array, oldest first, of:
//!
//! ```text
//! { "meeting": "2025-01-07", "date": "2025-01-07", "item": "data-centres",
//!   "item_title": "...", "tags": ["energy", ...], "private": false, "text": "..." }
//! ```

use super::Global;
use super::topics::unknown_tag;
use crate::cli::DecisionsArgs;
use crate::error::Result;
use crate::index::{Detail, Parts};
use crate::query;
use crate::ui::{self, BOLD, DIM, YELLOW, paint};

pub fn run(global: &Global, options: DecisionsArgs) -> Result<()> {
    let archive = global.archive()?;
    let records = global.meetings(&archive, Detail::Parts(Parts::ITEMS | Parts::DECISIONS))?;
    if let Some(tag) = &options.tag {
        let tags = query::tags(&records);
        if !tags
            .iter()
            .any(|t| query::text::fold(t) == query::text::fold(tag))
        {
            return Err(unknown_tag(tag, &tags));
        }
    }
    let decisions = query::decisions(&records, options.tag.as_deref(), options.since);
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
        out.push_str(&format!("  - {}\n", d.text));
    }
    ui::print(&out)
}
