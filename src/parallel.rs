//! Independent work spread over the machine's cores: a pack's documents are assembled and
//! written in parallel, their results kept in the documents' order.

use rayon::prelude::*;

/// `f` applied to every item on rayon's pool, the results in the items' order. Work is
/// stolen, so a large main document does not hold up the companions queued behind it.
/// A panic in `f` is a panic here.
pub fn map_on_cores<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    items.par_iter().map(&f).collect()
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
