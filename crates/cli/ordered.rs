//! Work on worker threads, results in order: each covenant's result is
//! written as soon as it and every one before it are ready, so that a
//! batch streams in walk order, whatever the number of threads, and only a
//! window of results is ever held.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use anyhow::{Result, bail};

/// Runs `work(i)` for `i` in `0..count` on `threads` workers and hands the
/// results to `sink` in index order, on the calling thread. Workers run at
/// most `window` items ahead of the last one written. A panic in `work`
/// becomes `on_panic(i)`, so one file cannot stop the batch. The first
/// error from `sink` (a closed pipe) stops the workers and is returned.
///
/// ```ignore
/// let mut out = Vec::new();
/// ordered(5, 2, 4, |i| i * i, |_| 0, |x| Ok(out.push(x)))?;
/// assert_eq!(out, [0, 1, 4, 9, 16]);
/// ```
pub fn ordered<T: Send>(
    count: usize,
    threads: usize,
    window: usize,
    work: impl Fn(usize) -> T + Sync,
    on_panic: impl Fn(usize) -> T + Sync,
    mut sink: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    if threads <= 1 {
        // One worker would only hand each result to this thread, at the
        // cost of a wake-up per file: do the work here, in order.
        for i in 0..count {
            sink(catch_unwind(AssertUnwindSafe(|| work(i))).unwrap_or_else(|_| on_panic(i)))?;
        }
        return Ok(());
    }
    let window = window.max(1);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let written = Written::default();
    let (work, on_panic, next, stop, written) = (&work, &on_panic, &next, &stop, &written);
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::channel::<(usize, T)>();
        for _ in 0..threads.max(1) {
            let tx = tx.clone();
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count || !written.wait_for_room(stop, i, window) {
                        break;
                    }
                    let r =
                        catch_unwind(AssertUnwindSafe(|| work(i))).unwrap_or_else(|_| on_panic(i));
                    if tx.send((i, r)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let result = merge(rx, count, &mut sink, written);
        if result.is_err() {
            written.stop(stop);
        }
        result
    })
}

/// How many results are written, for workers that may run at most a
/// window ahead. Workers read it without a lock, and the writer wakes them
/// only when one waits, where every worker took a lock before every file
/// and the writer made a wake-up call after every one.
#[derive(Default)]
struct Written {
    done: AtomicUsize,
    /// Workers waiting for room.
    waiting: AtomicUsize,
    lock: Mutex<()>,
    room: Condvar,
}

impl Written {
    /// Blocks until item `i` fits in the window; false when told to stop.
    fn wait_for_room(&self, stop: &AtomicBool, i: usize, window: usize) -> bool {
        if i >= self.done.load(Ordering::SeqCst) + window {
            let mut guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
            // Counted before the check under the lock: a writer that
            // advances after it sees the count and takes the lock to wake
            // us, which it gets only once we wait.
            self.waiting.fetch_add(1, Ordering::SeqCst);
            while i >= self.done.load(Ordering::SeqCst) + window && !stop.load(Ordering::SeqCst) {
                guard = self.room.wait(guard).unwrap_or_else(|e| e.into_inner());
            }
            self.waiting.fetch_sub(1, Ordering::SeqCst);
        }
        !stop.load(Ordering::SeqCst)
    }

    /// `done` results are written.
    fn advance(&self, done: usize) {
        self.done.store(done, Ordering::SeqCst);
        if self.waiting.load(Ordering::SeqCst) > 0 {
            drop(self.lock.lock().unwrap_or_else(|e| e.into_inner()));
            self.room.notify_all();
        }
    }

    /// Tells every worker to stop, waiting or not.
    fn stop(&self, stop: &AtomicBool) {
        stop.store(true, Ordering::SeqCst);
        drop(self.lock.lock().unwrap_or_else(|e| e.into_inner()));
        self.room.notify_all();
    }
}

/// Receives results in any order and sinks them in index order.
fn merge<T>(
    rx: mpsc::Receiver<(usize, T)>,
    count: usize,
    sink: &mut impl FnMut(T) -> Result<()>,
    written: &Written,
) -> Result<()> {
    let mut pending = BTreeMap::new();
    let mut done = 0;
    for (i, r) in rx {
        pending.insert(i, r);
        while let Some(r) = pending.remove(&done) {
            sink(r)?;
            done += 1;
            written.advance(done);
        }
    }
    if done != count {
        bail!("mất kết quả của {} tệp (lost results)", count - done);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_whatever_the_threads() {
        for threads in [1, 2, 7] {
            for window in [1, 3, 64] {
                let mut out = Vec::new();
                ordered(
                    200,
                    threads,
                    window,
                    |i| {
                        // Uneven work, so that workers finish out of order.
                        std::thread::sleep(std::time::Duration::from_micros((i % 7) as u64 * 50));
                        i * 2
                    },
                    |_| usize::MAX,
                    |x| {
                        out.push(x);
                        Ok(())
                    },
                )
                .unwrap();
                assert_eq!(
                    out,
                    (0..200).map(|i| i * 2).collect::<Vec<_>>(),
                    "{threads} {window}"
                );
            }
        }
    }

    #[test]
    fn a_panic_is_one_result_and_a_sink_error_stops_the_rest() {
        // Two threads use the pool; one runs in line.
        for threads in [2, 1] {
            let mut out = Vec::new();
            ordered(
                10,
                threads,
                4,
                |i| if i == 3 { panic!("file 3") } else { i as i64 },
                |_| -1,
                |x| {
                    out.push(x);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(out, [0, 1, 2, -1, 4, 5, 6, 7, 8, 9], "{threads} threads");
        }
        let done = AtomicUsize::new(0);
        let err = ordered(
            10_000,
            2,
            8,
            |i| {
                done.fetch_add(1, Ordering::Relaxed);
                i
            },
            |_| 0,
            |x| if x == 5 { bail!("broken pipe") } else { Ok(()) },
        )
        .unwrap_err();
        assert!(err.to_string().contains("broken pipe"));
        assert!(done.load(Ordering::Relaxed) < 100, "workers stopped");
    }
}
