//! `minutes redate`: move a meeting to another date — its file (and year
//! folder), its `date`, its translations, and the references to its actions
//! in other meetings — as a rename that git can follow. The move is a
//! transaction (`crate::redate`): all or nothing, even across a crash.

use chrono::NaiveDate;

use super::Global;
use crate::error::{Error, Result};
use crate::redate;
use crate::ui;

#[derive(Debug, Default)]
pub struct Options {
    pub meeting: String,
    pub date: String,
}

pub fn run(global: &Global, options: Options) -> Result<()> {
    let archive = global.archive()?;
    let date = NaiveDate::parse_from_str(&options.date, "%Y-%m-%d").map_err(|_| {
        Error::usage(format!("`{}` is not a date", options.date))
            .with_help("give the new date as YYYY-MM-DD, e.g. 2025-03-12")
    })?;
    let lock = global.lock(&archive)?;
    let from = archive.resolve(&options.meeting)?;
    let plan = redate::plan(&archive, &from, date)?;
    redate::apply(&archive.root, lock.dir(), &plan)?;
    drop(lock);
    if global.json {
        return ui::print_json(&serde_json::json!({
            "from": plan.from.as_str(), "to": plan.to.as_str(),
            "renamed": plan.renamed, "references": plan.references,
        }));
    }
    let mut out = String::new();
    for (old, new) in &plan.renamed {
        out.push_str(&format!("renamed {} -> {}\n", old.display(), new.display()));
    }
    out.push_str(&format!(
        "date = {date} in {}\n",
        plan.renamed[0].1.display()
    ));
    for file in &plan.references {
        out.push_str(&format!(
            "updated references to {}#... in {}\n",
            plan.from,
            file.display()
        ));
    }
    ui::print(&out)?;
    global.note("next: `minutes commit` records the move");
    Ok(())
}
