//! `minutes redate`: move a meeting to another date — its file (and year
//! folder), its `date`, its overlays, and the references to its actions in
//! other meetings — as a rename that git can follow.
//!
//! Everything is computed first; then the new files are created, the
//! references rewritten, and only then the old files removed. A failure on
//! the way undoes what was written, so an error leaves the archive as it was.

use std::path::{Path, PathBuf};

use super::Global;
use crate::archive::{Archive, Entry};
use crate::cli::RedateArgs;
use crate::edit;
use crate::error::{Error, Result};
use crate::fsio;
use crate::id::MeetingId;
use crate::source;
use crate::ui;

/// A file to create from an old one, or to rewrite in place.
struct Write {
    from: PathBuf,
    to: PathBuf,
    old: String,
    text: String,
}

pub fn run(global: &Global, options: RedateArgs) -> Result<()> {
    let archive = global.archive()?;
    let old_id = archive.resolve(&options.meeting)?;
    let date = options.date;
    let suffix = &old_id.as_str()[10..];
    let new_id = MeetingId::parse(&format!("{date}{suffix}"))?;
    if new_id == old_id {
        return Err(Error::usage(format!(
            "meeting {old_id} is on {date} already"
        )));
    }
    let record = archive.load(&old_id)?;
    let target = new_id.relative_path();
    if archive.path(&target).exists() {
        return Err(Error::failed(format!(
            "there is a meeting on {date} already ({}), so {old_id} was not moved",
            target.display()
        ))
        .with_help("choose another date, or give the moved meeting a suffix by hand"));
    }
    let mut moves = vec![Write {
        text: edit::set_date(&record.file, &record.text, date)?,
        from: record.file.clone(),
        to: target,
        old: record.text.clone(),
    }];
    let mut rewrites = Vec::new();
    for entry in archive.entries()? {
        match entry {
            Entry::Overlay(id, lang) if id == old_id => {
                let from = id.overlay_path(&lang);
                let text = read(&archive, &from)?;
                let to = new_id.overlay_path(&lang);
                if archive.path(&to).exists() {
                    return Err(Error::failed(format!("{} exists already", to.display()))
                        .with_help("move or remove it first"));
                }
                moves.push(Write {
                    from,
                    to,
                    old: text.clone(),
                    text,
                });
            }
            Entry::Meeting(id) if id != old_id => {
                let file = id.relative_path();
                let text = read(&archive, &file)?;
                if let Some(new) =
                    edit::rename_action_refs(&file, &text, old_id.as_str(), new_id.as_str())?
                {
                    rewrites.push(Write {
                        from: file.clone(),
                        to: file,
                        old: text,
                        text: new,
                    });
                }
            }
            _ => {}
        }
    }
    apply(&archive, &moves, &rewrites)?;
    let mut out = String::new();
    for m in &moves {
        out.push_str(&format!(
            "renamed {} -> {}\n",
            m.from.display(),
            m.to.display()
        ));
    }
    out.push_str(&format!("date = {date} in {}\n", moves[0].to.display()));
    for r in &rewrites {
        out.push_str(&format!(
            "updated references to {old_id}#... in {}\n",
            r.from.display()
        ));
    }
    if global.json {
        let files: Vec<_> = moves.iter().map(|m| (&m.from, &m.to)).collect();
        let refs: Vec<_> = rewrites.iter().map(|r| &r.from).collect();
        return ui::print_json(&serde_json::json!({
            "from": old_id.as_str(), "to": new_id.as_str(),
            "renamed": files, "references": refs,
        }));
    }
    ui::print(&out)?;
    global.note("next: `minutes commit` records the move");
    Ok(())
}

fn read(archive: &Archive, file: &Path) -> Result<String> {
    source::read_text(&archive.path(file), file)
}

/// Creates the moved files, rewrites the references, removes the old files;
/// on a failure, undoes the steps already taken.
fn apply(archive: &Archive, moves: &[Write], rewrites: &[Write]) -> Result<()> {
    let mut created: Vec<&Write> = Vec::new();
    let mut rewritten: Vec<&Write> = Vec::new();
    let undo = |created: &[&Write], rewritten: &[&Write]| {
        for w in created {
            let _ = std::fs::remove_file(archive.path(&w.to));
        }
        for w in rewritten {
            let _ = fsio::write_atomic(&archive.path(&w.from), &w.from, w.old.as_bytes());
        }
    };
    for m in moves {
        if let Err(e) = fsio::create_new(&archive.path(&m.to), &m.to, m.text.as_bytes()) {
            undo(&created, &rewritten);
            return Err(e);
        }
        created.push(m);
    }
    for r in rewrites {
        if let Err(e) = edit::save(&archive.root, &r.from, &r.old, &r.text) {
            undo(&created, &rewritten);
            return Err(e);
        }
        rewritten.push(r);
    }
    for m in moves {
        let path = archive.path(&m.from);
        std::fs::remove_file(&path).map_err(|e| {
            Error::io("remove", &m.from, e)
                .with_help("the meeting now exists under both names; remove the old file by hand")
        })?;
        if let Some(dir) = path.parent() {
            // The year folder goes when the meeting was its last file.
            let _ = std::fs::remove_dir(dir);
        }
    }
    Ok(())
}
