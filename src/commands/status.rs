//! `minutes status`: where the recent and upcoming meetings stand, which
//! files have uncommitted changes, and how the branch stands against its
//! upstream.

use super::Global;
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::ui;
use crate::view::{self, status::Git, status::Meeting, status::Status};

/// How many past meetings the view shows.
const RECENT: usize = 5;

pub fn run(global: &Global) -> Result<()> {
    let archive = global.archive()?;
    let today = archive.today()?;
    // The last few past meetings and every upcoming one.
    let mut meetings: Vec<Meeting> = Vec::new();
    global.summaries(&archive, &mut |id, s| {
        let upcoming = id.date() >= today;
        // Past meetings come first.
        if !upcoming && meetings.len() == RECENT {
            meetings.remove(0);
        }
        meetings.push(Meeting {
            id: id.to_string(),
            status: s.status.as_str().to_string(),
            items: s.items,
            upcoming,
        });
    })?;
    let git = match Repo::open(&archive.root) {
        Ok(repo) => Some(Git {
            head: repo.head()?,
            changed: repo.changed()?,
            fetched: repo.last_fetch().map(|t| {
                chrono::DateTime::<chrono::Local>::from(t)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            }),
            merging: repo.merge_head().is_some(),
        }),
        Err(Error::Failed { .. }) => None,
        Err(e) => return Err(e),
    };
    let status = Status { meetings, git };
    if global.json {
        return ui::print_json(&status);
    }
    ui::print(&view::status::text(&status))?;
    if status.git.is_none() {
        global.note("not in a git repository: no history is kept (help: run `git init`, then `minutes commit`)");
    }
    Ok(())
}
