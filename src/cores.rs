//! Work spread over the machine's cores. Reading and parsing thousands of
//! files is most of what a first run on an archive costs, and each file is
//! work of its own; the results come back in the order of the items, so
//! that nothing downstream depends on how the work was shared.

/// How many threads the machine runs at once.
pub fn count() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `f` of every item, in the items' order, worked out on every core when
/// there are enough items to be worth it; `tick` is called after each
/// (a progress bar's step).
pub fn map<T: Sync, R: Send>(
    items: &[T],
    tick: &(dyn Fn() + Sync),
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = count().min(items.len().div_ceil(32)).max(1);
    let one = |item: &T| {
        let r = f(item);
        tick();
        r
    };
    if threads == 1 {
        return items.iter().map(one).collect();
    }
    let per = items.len().div_ceil(threads);
    let one = &one;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(per)
            .map(|part| scope.spawn(move || part.iter().map(one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<usize> = (0..1000).collect();
        let ticks = std::sync::atomic::AtomicUsize::new(0);
        let tick = || {
            ticks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        };
        let doubled = super::map(&items, &tick, |i| i * 2);
        assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(ticks.into_inner(), 1000);
        assert!(super::map(&[] as &[usize], &|| {}, |i| *i).is_empty());
    }
}
