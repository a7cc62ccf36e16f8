//! Lost updates in the trace: the event and its table entry travel together through the
//! store (bounded or not), the store's queries, and the file format.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use gilscope_trace::file;
use gilscope_trace::{Chunk, Event, EventKind, LostUpdate, Site, Store, ThreadMeta, Tid};

fn thread(tid: Tid) -> ThreadMeta {
    ThreadMeta {
        tid,
        name: if tid == 0 {
            "MainThread".to_owned()
        } else {
            format!("Thread-{tid} (add)")
        },
        parent: (tid > 0).then_some(0),
        daemon: false,
        pid: 0,
    }
}

fn ev(t: u64, tid: Tid, kind: EventKind) -> Event {
    Event {
        t,
        tid,
        line: 17,
        kind,
    }
}

/// Thread 2 reads counter (41), thread 1 stores 42..=57 meanwhile, thread 2 stores 42: the
/// sixteen increments of thread 1 are lost. Repeated `n` times, one per chunk, so bounded
/// stores drop some.
fn chunks(n: u32) -> Vec<Chunk> {
    let mut out = vec![Chunk {
        threads: vec![thread(0), thread(1), thread(2)],
        ..Chunk::default()
    }];
    for k in 0..n {
        let t0 = u64::from(k) * 1_000;
        let mut c = Chunk {
            texts: vec!["counter".to_owned()],
            lost: vec![LostUpdate {
                read: "41".to_owned(),
                read_t: t0 + 1,
                read_line: 17,
                read_offset: Some(10),
                stored: "42".to_owned(),
                store_offset: Some(24),
                overwritten: format!("{}", 57 + k),
                over_t: t0 + 5,
                over_line: 19,
                lost: 16,
            }],
            clock: t0 + 999,
            ..Chunk::default()
        };
        // Text ids and lost-update ids continue from chunk to chunk.
        c.events = vec![
            ev(t0, 1, EventKind::GilTake { switch: true }),
            ev(
                t0 + 6,
                1,
                EventKind::GilDrop {
                    reason: gilscope_trace::DropReason::Requested { by: 2 },
                    at: Site::UNKNOWN,
                },
            ),
            ev(t0 + 7, 2, EventKind::GilTake { switch: true }),
            ev(
                t0 + 8,
                2,
                EventKind::LostUpdate {
                    var: k,
                    over: 1,
                    info: k,
                },
            ),
        ];
        out.push(c);
    }
    out
}

#[test]
fn a_lost_update_is_indexed_with_its_details() {
    let store = Store::from_chunks(chunks(3));
    assert!(store.has_gil());
    let evs = store.events();
    let found: Vec<_> = store
        .lost_updates()
        .iter()
        .map(|&i| match evs[i as usize].kind {
            EventKind::LostUpdate { var, over, info } => (
                evs[i as usize].tid,
                store.text(var).to_owned(),
                over,
                store.lost_update(info).unwrap().overwritten.clone(),
            ),
            _ => unreachable!("only lost updates are indexed"),
        })
        .collect();
    assert_eq!(
        found,
        [
            (2, "counter".to_owned(), 1, "57".to_owned()),
            (2, "counter".to_owned(), 1, "58".to_owned()),
            (2, "counter".to_owned(), 1, "59".to_owned()),
        ]
    );
}

#[test]
fn a_bounded_store_drops_lost_updates_with_their_events_and_keeps_the_rest() {
    let mut store = Store::bounded(16);
    for c in chunks(40) {
        store.ingest(c);
    }
    assert!(store.dropped() > 0);
    let evs = store.events();
    assert!(!store.lost_updates().is_empty());
    for &i in store.lost_updates() {
        let e = evs[i as usize];
        let EventKind::LostUpdate { var, info, .. } = e.kind else {
            panic!("{e:?} is not a lost update");
        };
        assert_eq!(store.text(var), "counter");
        // Event k (at k * 1000 ns) refers to the entry that overwrote 57 + k.
        let k = e.t / 1_000;
        assert_eq!(
            store.lost_update(info).unwrap().overwritten,
            format!("{}", 57 + k)
        );
    }
    // What a bounded store keeps saves and loads as it is, its ids renumbered from 0.
    let again = Store::from_chunks([store.to_chunk()]);
    assert_eq!(again.lost_updates(), store.lost_updates());
    let last = |s: &Store| {
        let i = *s.lost_updates().last().unwrap() as usize;
        match s.events()[i].kind {
            EventKind::LostUpdate { info, .. } => s.lost_update(info).cloned(),
            _ => None,
        }
    };
    assert_eq!(last(&again), last(&store));
}

#[test]
fn lost_updates_round_trip_through_the_file_format() {
    let store = Store::from_chunks(chunks(2));
    let meta = file::RunMeta::default();
    let text = file::write(&meta, &store).unwrap();
    assert!(text.contains(&format!("\"version\": {}", file::VERSION)));
    assert!(text.contains("\"kind\":\"lost_update\""), "{text}");
    let (_, back) = file::read(&text).unwrap();
    assert_eq!(file::write(&meta, &back).unwrap(), text);
}

#[test]
fn a_version_1_file_still_reads() {
    // Version 1 had no lost updates: the same shape without the table.
    let mut store = Store::from_chunks(chunks(1));
    store = Store::from_chunks([Chunk {
        events: store
            .events()
            .iter()
            .filter(|e| !matches!(e.kind, EventKind::LostUpdate { .. }))
            .copied()
            .collect(),
        lost: Vec::new(),
        ..store.to_chunk()
    }]);
    let text = file::write(&file::RunMeta::default(), &store).unwrap();
    assert!(!text.contains("lost_updates"));
    let now = format!("\"version\": {}", file::VERSION);
    let v1 = text.replace(&now, "\"version\": 1");
    let (_, back) = file::read(&v1).unwrap();
    assert_eq!(back.events(), store.events());
    let next = text.replace(&now, &format!("\"version\": {}", file::VERSION + 1));
    assert!(file::read(&next).is_err());
}

#[test]
fn a_free_threaded_trace_has_no_gil() {
    let store = Store::from_chunks([Chunk {
        threads: vec![thread(0)],
        events: vec![
            ev(0, 0, EventKind::Begin),
            ev(0, 0, EventKind::OnCore { core: 0 }),
        ],
        ..Chunk::default()
    }]);
    assert!(!store.has_gil());
}
