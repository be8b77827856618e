//! Independent work spread over the machine's cores: a pack's documents are assembled and
//! written one per thread, in order.

/// `f` applied to every item, on as many scoped threads as there are cores (each taking a
/// run of consecutive items), the results in the items' order. A panic in `f` is a panic here.
pub fn map_on_cores<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len()).max(1);
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let run = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(run)
            .map(|part| {
                let f = &f;
                scope.spawn(move || part.iter().map(f).collect::<Vec<R>>())
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_items_order() {
        let items: Vec<usize> = (0..101).collect();
        assert_eq!(map_on_cores(&items, |i| i * 2), (0..101).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(map_on_cores(&[] as &[usize], |i| *i), Vec::<usize>::new());
    }
}
