//! `minutes templates list` / `templates eject NAME`: which templates are in
//! force and where from; copy a built-in out to customize it.

use serde::Serialize;

use super::Global;
use crate::archive;
use crate::error::Result;
use crate::render::{Origin, Templates};
use crate::ui::{self, BOLD, DIM, GREEN, YELLOW, paint};

#[derive(Serialize)]
struct Row {
    name: String,
    origin: &'static str,
    /// The archive's file, when it is the one in force.
    file: Option<String>,
}

pub fn list(global: &Global) -> Result<()> {
    let root = archive::find_root(&global.dir)?;
    let templates = Templates::new(&root);
    let rows: Vec<Row> = templates
        .list()?
        .into_iter()
        .map(|(name, origin)| Row {
            file: (origin != Origin::BuiltIn)
                .then(|| Templates::relative(&name).display().to_string()),
            origin: match origin {
                Origin::BuiltIn => "built-in",
                Origin::Overrides { identical: true } => "same-as-built-in",
                Origin::Overrides { identical: false } => "overrides-built-in",
                Origin::Archive => "archive",
            },
            name,
        })
        .collect();
    if global.json {
        return ui::print_json(&rows);
    }
    let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (row, (_, origin)) in rows.iter().zip(templates.list()?) {
        let style = match origin {
            Origin::BuiltIn => DIM,
            Origin::Overrides { identical: false } => YELLOW,
            _ => GREEN,
        };
        out.push_str(&format!(
            "{}  {}\n",
            paint(BOLD, format!("{:width$}", row.name)),
            paint(style, origin.describe())
        ));
    }
    ui::print(&out)
}

pub fn eject(global: &Global, name: &str, force: bool) -> Result<()> {
    let root = archive::find_root(&global.dir)?;
    let written = Templates::new(&root).eject(name, force)?;
    global.note(&format!(
        "wrote {}: edit it to change the {name} template of this archive",
        written.display()
    ));
    Ok(())
}
