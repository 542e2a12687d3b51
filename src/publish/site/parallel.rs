//! Work spread over every core, for the pages of a site.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::error::{Error, Result};

/// `work` done on every job by as many threads as there are cores, the
/// results in the jobs' order; the first error stops the rest.
pub(super) fn parallel<J: Sync, R: Send>(
    jobs: &[J],
    bar: &indicatif::ProgressBar,
    work: impl Fn(&J) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Vec<std::sync::Mutex<Option<Result<R>>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads.min(jobs.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= jobs.len() || failed.load(Ordering::Relaxed) {
                        break;
                    }
                    let result = work(&jobs[i]);
                    if result.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                    bar.inc(1);
                }
            });
        }
    });
    let mut out = Vec::with_capacity(jobs.len());
    for slot in results {
        if let Some(result) = slot.into_inner().unwrap_or_else(|e| e.into_inner()) {
            out.push(result?);
        }
    }
    if out.len() < jobs.len() {
        return Err(Error::failed("the site was not built whole"));
    }
    Ok(out)
}
