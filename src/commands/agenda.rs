//! `minutes agenda add`: put an item on an upcoming meeting.

use super::Global;
use crate::archive;
use crate::cli::AgendaAddArgs;
use crate::edit::{self, NewItem};
use crate::error::{Error, Result};
use crate::id;

pub fn add(global: &Global, options: AgendaAddArgs) -> Result<()> {
    let title = options.title.trim();
    if title.is_empty() {
        return Err(Error::usage("the item needs a title")
            .with_help("minutes agenda add \"The situation in Congo\""));
    }
    let archive = global.archive()?;
    let id = match &options.meeting {
        Some(meeting) => archive.resolve(meeting)?,
        None => archive.upcoming_agenda()?,
    };
    let record = archive.load(&id)?;
    if let Some(presenter) = &options.presenter {
        let people = &archive.config.people;
        if !people.is_empty() && !people.contains_key(presenter) {
            let handles: Vec<_> = people.keys().map(String::as_str).collect();
            return Err(Error::usage(format!(
                "`{presenter}` is not in the roster of minutes.toml"
            ))
            .with_help(format!(
                "use one of: {}, or add the person under [people]",
                handles.join(", ")
            )));
        }
    }
    let taken: Vec<&str> = record.meeting.items.iter().map(|i| i.id.as_str()).collect();
    let item_id = match &options.id {
        Some(wanted) if taken.contains(&wanted.as_str()) => {
            return Err(
                Error::usage(format!("meeting {id} has an item `{wanted}` already"))
                    .with_help("choose another --id"),
            );
        }
        Some(wanted) => wanted.clone(),
        None => id::free(&id::slug(title), |id| taken.contains(&id)),
    };
    let item = NewItem {
        id: item_id.clone(),
        title: title.to_string(),
        tags: options
            .tags
            .iter()
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect(),
        presenter: options.presenter,
        timebox: options.timebox,
    };
    let text = edit::add_item(&record.file, &record.text, &item)?;
    // The result must still read as a meeting before it replaces the file.
    archive::parse_record(id.clone(), record.file.clone(), text.clone()).map_err(Error::Invalid)?;
    edit::save(&archive.root, &record.file, &record.text, &text)?;
    global.note(&format!(
        "added item `{item_id}` to {id} ({})",
        record.file.display()
    ));
    Ok(())
}
