//! A dict's storage, laid out as CPython's compact dict: entries in insertion order in
//! one array and a hash table of indices into it. Deleting a key leaves a hole in the
//! array (CPython's `DKIX_DUMMY`), so `del d[k]` costs O(1) instead of shifting every
//! later entry; the holes are squeezed out once they outnumber the live entries, which
//! keeps deletion O(1) amortised and iteration proportional to the dict's size.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use super::{Fx, Key, Value};

/// One live key and its value, with the key's hash kept for rebuilding the table.
#[derive(Clone, Debug)]
struct Slot {
    hash: u64,
    key: Key,
    value: Value,
}

/// An insertion-ordered map from [`Key`] to [`Value`] with O(1) deletion.
///
/// Its methods follow `indexmap::IndexMap`'s names and meanings (which this type
/// replaced), except for positions: a position (`next_at`) is an index into the entry
/// array, holes included, so an iterator's position stays valid across the deletions
/// of other keys as CPython's does.
#[derive(Clone, Default)]
pub struct Dict {
    /// Index of each live entry, by the hash of its key.
    table: HashTable<usize>,
    /// Entries in insertion order; `None` is a deleted entry's hole.
    slots: Vec<Option<Slot>>,
    /// Number of live entries.
    live: usize,
    /// Every slot before this one is a hole (so `first` and FIFO-like use stay O(1)).
    head: usize,
}

/// The hash of `key` (`Key`'s own, through the crate's Fx hasher).
#[inline]
fn hash_of(key: &Key) -> u64 {
    Fx::default().hash_one(key)
}

impl Dict {
    /// An empty dict.
    pub fn new() -> Dict {
        Dict::default()
    }

    /// An empty dict with room for `n` entries.
    pub fn with_capacity(n: usize) -> Dict {
        Dict {
            table: HashTable::with_capacity(n),
            slots: Vec::with_capacity(n),
            live: 0,
            head: 0,
        }
    }

    /// Number of entries.
    #[inline]
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether the dict has no entry.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Slot index of `key`, if present.
    #[inline]
    fn find(&self, hash: u64, key: &Key) -> Option<usize> {
        let slots = &self.slots;
        self.table
            .find(hash, |&i| {
                slots[i]
                    .as_ref()
                    .is_some_and(|s| s.hash == hash && s.key == *key)
            })
            .copied()
    }

    /// Slot index of `key` (a slot found by the table is always live).
    #[inline]
    fn slot(&self, key: &Key) -> Option<&Slot> {
        if self.live == 0 {
            return None;
        }
        let i = self.find(hash_of(key), key)?;
        self.slots[i].as_ref()
    }

    /// The value of `key`.
    #[inline]
    pub fn get(&self, key: &Key) -> Option<&Value> {
        self.slot(key).map(|s| &s.value)
    }

    /// The stored key equal to `key`, and its value.
    pub fn get_key_value(&self, key: &Key) -> Option<(&Key, &Value)> {
        self.slot(key).map(|s| (&s.key, &s.value))
    }

    /// The value of `key`, to change in place.
    #[inline]
    pub fn get_mut(&mut self, key: &Key) -> Option<&mut Value> {
        if self.live == 0 {
            return None;
        }
        let i = self.find(hash_of(key), key)?;
        self.slots[i].as_mut().map(|s| &mut s.value)
    }

    /// Whether `key` is present.
    #[inline]
    pub fn contains_key(&self, key: &Key) -> bool {
        self.slot(key).is_some()
    }

    /// Sets `key` to `value`; a present key keeps its place (and its stored key) and its
    /// old value is returned, a new one goes last.
    pub fn insert(&mut self, key: Key, value: Value) -> Option<Value> {
        let hash = hash_of(&key);
        if let Some(i) = self.find(hash, &key) {
            return self.slots[i]
                .as_mut()
                .map(|s| std::mem::replace(&mut s.value, value));
        }
        self.push(hash, key, value);
        None
    }

    /// The value of `key`, inserted as `value` first if absent (as
    /// `entry(key).or_insert(value)`).
    pub fn get_or_insert(&mut self, key: Key, value: Value) -> &mut Value {
        let hash = hash_of(&key);
        let i = match self.find(hash, &key) {
            Some(i) => i,
            None => self.push(hash, key, value),
        };
        let slot = self.slots[i].as_mut();
        &mut slot.expect("the table indexes only live slots").value
    }

    /// Appends a new entry (its key absent) and returns its slot.
    fn push(&mut self, hash: u64, key: Key, value: Value) -> usize {
        let i = self.slots.len();
        let slots = &self.slots;
        self.table
            .insert_unique(hash, i, |&j| slots[j].as_ref().map_or(0, |s| s.hash));
        self.slots.push(Some(Slot { hash, key, value }));
        self.live += 1;
        i
    }

    /// Removes `key` and returns its value, keeping the order of the others (O(1)
    /// amortised: see the module's doc).
    pub fn shift_remove(&mut self, key: &Key) -> Option<Value> {
        self.shift_remove_entry(key).map(|(_, v)| v)
    }

    /// Removes `key` and returns the stored key and its value, keeping the order of the
    /// others.
    pub fn shift_remove_entry(&mut self, key: &Key) -> Option<(Key, Value)> {
        if self.live == 0 {
            return None;
        }
        let hash = hash_of(key);
        let slots = &self.slots;
        let found = self
            .table
            .find_entry(hash, |&i| {
                slots[i]
                    .as_ref()
                    .is_some_and(|s| s.hash == hash && s.key == *key)
            })
            .ok()?;
        let (i, _) = found.remove();
        let slot = self.slots[i].take()?;
        self.live -= 1;
        self.after_removal(i);
        Some((slot.key, slot.value))
    }

    /// Keeps the holes bounded after slot `i` became one: trailing holes go at once,
    /// the rest when they outnumber the live entries.
    fn after_removal(&mut self, i: usize) {
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
        }
        if i == self.head {
            while matches!(self.slots.get(self.head), Some(None)) {
                self.head += 1;
            }
        }
        if self.live == 0 {
            self.slots.clear();
            self.table.clear();
            self.head = 0;
            return;
        }
        let holes = self.slots.len() - self.live;
        if holes > 8 && holes > self.live {
            self.compact();
        }
    }

    /// Squeezes the holes out and re-indexes the table.
    fn compact(&mut self) {
        self.slots.retain(Option::is_some);
        self.head = 0;
        self.table.clear();
        for (i, s) in self.slots.iter().enumerate() {
            if let Some(s) = s {
                let slots = &self.slots;
                self.table
                    .insert_unique(s.hash, i, |&j| slots[j].as_ref().map_or(0, |s| s.hash));
            }
        }
    }

    /// Removes and returns the last entry (`popitem`'s LIFO order).
    pub fn pop(&mut self) -> Option<(Key, Value)> {
        let i = self.slots.len().checked_sub(1)?;
        let slot = self.slots[i].take()?;
        if let Ok(e) = self.table.find_entry(slot.hash, |&j| j == i) {
            e.remove();
        }
        self.live -= 1;
        self.after_removal(i);
        Some((slot.key, slot.value))
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.table.clear();
        self.slots.clear();
        self.live = 0;
        self.head = 0;
    }

    /// The first entry.
    pub fn first(&self) -> Option<(&Key, &Value)> {
        self.iter().next()
    }

    /// The last entry.
    pub fn last(&self) -> Option<(&Key, &Value)> {
        self.iter().next_back()
    }

    /// The entries in order.
    #[inline]
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            inner: self.slots[self.head..].iter(),
            left: self.live,
        }
    }

    /// The entries in order, values mutable.
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (&Key, &mut Value)> {
        self.slots[self.head..]
            .iter_mut()
            .flatten()
            .map(|s| (&s.key, &mut s.value))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Key> + ExactSizeIterator {
        self.iter().map(|(k, _)| k)
    }

    /// The values in order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.iter().map(|(_, v)| v)
    }

    /// The values in order, mutable.
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Value> {
        self.iter_mut().map(|(_, v)| v)
    }

    /// Keeps the entries for which `keep` is true, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&Key, &mut Value) -> bool) {
        let before = self.live;
        for s in &mut self.slots {
            if s.as_mut().is_some_and(|s| !keep(&s.key, &mut s.value)) {
                *s = None;
                self.live -= 1;
            }
        }
        if self.live != before {
            self.compact();
        }
    }

    /// The first live entry at or after slot `pos`, with its slot (a dict iterator's
    /// step: the next position is the returned slot plus one).
    #[inline]
    pub fn next_at(&self, pos: usize) -> Option<(usize, &Key, &Value)> {
        let from = pos.max(self.head);
        self.slots
            .get(from..)?
            .iter()
            .enumerate()
            .find_map(|(i, s)| s.as_ref().map(|s| (from + i, &s.key, &s.value)))
    }

    /// How many live entries come before slot `pos`: the same iterator position in a
    /// copy of this dict built by insertion (which has no holes).
    pub fn live_before(&self, pos: usize) -> usize {
        self.slots.iter().take(pos).filter(|s| s.is_some()).count()
    }
}

/// The entries of a [`Dict`] in order.
#[derive(Clone)]
pub struct Iter<'a> {
    inner: std::slice::Iter<'a, Option<Slot>>,
    left: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a Key, &'a Value);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let s = self.inner.by_ref().flatten().next()?;
        self.left -= 1;
        Some((&s.key, &s.value))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        while let Some(s) = self.inner.next_back() {
            if let Some(s) = s {
                self.left -= 1;
                return Some((&s.key, &s.value));
            }
        }
        None
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Dict {
    type Item = (&'a Key, &'a Value);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for Dict {
    type Item = (Key, Value);
    type IntoIter = IntoIter;

    fn into_iter(self) -> IntoIter {
        IntoIter(self.slots.into_iter())
    }
}

/// The entries of a [`Dict`] in order, taken out of it.
pub struct IntoIter(std::vec::IntoIter<Option<Slot>>);

impl Iterator for IntoIter {
    type Item = (Key, Value);

    fn next(&mut self) -> Option<(Key, Value)> {
        self.0.by_ref().flatten().next().map(|s| (s.key, s.value))
    }
}

impl Extend<(Key, Value)> for Dict {
    fn extend<I: IntoIterator<Item = (Key, Value)>>(&mut self, items: I) {
        for (k, v) in items {
            self.insert(k, v);
        }
    }
}

impl FromIterator<(Key, Value)> for Dict {
    fn from_iter<I: IntoIterator<Item = (Key, Value)>>(items: I) -> Dict {
        let mut d = Dict::new();
        d.extend(items);
        d
    }
}

impl std::fmt::Debug for Dict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(i: i64) -> Key {
        Key(Value::Int(i))
    }

    fn keys(d: &Dict) -> Vec<i64> {
        d.keys()
            .map(|k| match k.0 {
                Value::Int(i) => i,
                _ => -1,
            })
            .collect()
    }

    #[test]
    fn deletion_keeps_insertion_order_and_reinsertion_goes_last() {
        let mut d: Dict = (0..100).map(|i| (k(i), Value::Int(i))).collect();
        for i in (0..100).filter(|i| i % 3 != 0) {
            assert!(d.shift_remove(&k(i)).is_some());
        }
        d.insert(k(1), Value::Int(1));
        d.insert(k(3), Value::Int(33));
        let mut want: Vec<i64> = (0..100).filter(|i| i % 3 == 0).collect();
        want.push(1);
        assert_eq!(keys(&d), want);
        assert_eq!(d.len(), want.len());
        assert!(matches!(d.get(&k(3)), Some(Value::Int(33))));
        assert!(d.get(&k(2)).is_none());
        // A float key equal to an int finds it, as in Python.
        assert!(d.contains_key(&Key(Value::Float(6.0))));
    }

    #[test]
    fn pop_is_lifo_across_holes() {
        let mut d: Dict = (0..20).map(|i| (k(i), Value::None)).collect();
        d.shift_remove(&k(19));
        d.shift_remove(&k(18));
        d.shift_remove(&k(10));
        let popped: Vec<i64> = std::iter::from_fn(|| d.pop())
            .map(|(k, _)| match k.0 {
                Value::Int(i) => i,
                _ => -1,
            })
            .collect();
        let want: Vec<i64> = (0..18).rev().filter(|&i| i != 10).collect();
        assert_eq!(popped, want);
        assert!(d.is_empty());
    }

    #[test]
    fn many_deletions_keep_the_array_bounded() {
        let mut d = Dict::new();
        for i in 0..10_000 {
            d.insert(k(i), Value::None);
            if i >= 10 {
                d.shift_remove(&k(i - 10));
            }
        }
        assert_eq!(d.len(), 10);
        assert!(d.slots.len() <= 2 * 10 + 9);
        assert_eq!(keys(&d), (9_990..10_000).collect::<Vec<_>>());
        assert_eq!(
            d.first()
                .map(|(k, _)| k.0.clone())
                .map(|v| matches!(v, Value::Int(9_990))),
            Some(true)
        );
    }

    #[test]
    fn iterator_positions_skip_holes() {
        let mut d: Dict = (0..5).map(|i| (k(i), Value::None)).collect();
        d.shift_remove(&k(1));
        let mut pos = 0;
        let mut seen = Vec::new();
        while let Some((p, key, _)) = d.next_at(pos) {
            seen.push(key.0.clone());
            pos = p + 1;
        }
        assert_eq!(seen.len(), 4);
        assert_eq!(d.live_before(2), 1);
    }
}
