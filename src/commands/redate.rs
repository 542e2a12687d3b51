//! `minutes redate`: move a meeting to another date — its file (and year
//! folder), its `date`, its translations, and the references to its actions
//! in other meetings — as a rename that git can follow. The move is a
//! transaction (`crate::redate`): all or nothing, even across a crash.

use super::Global;
use crate::cli::RedateArgs;
use crate::error::Result;
use crate::redate;
use crate::ui;

pub fn run(global: &Global, options: RedateArgs) -> Result<()> {
    let archive = global.archive()?;
    let lock = global.lock(&archive)?;
    let from = archive.resolve(&options.meeting)?;
    let plan = redate::plan(&archive, &from, options.date)?;
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
        "date = {} in {}\n",
        options.date,
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
