//! What the end-to-end tests in a pseudo-terminal share.

use std::time::{Duration, Instant};

use crossbeam::channel::Receiver;

/// How long a test waits for the program before it fails.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// Waits for `child` to exit, feeding its output to `parser` (and `raw`) meanwhile, with a
/// deadline: a UI that does not quit fails the test with its screen instead of hanging it.
pub fn wait_exit(
    child: &mut (dyn portable_pty::Child + Send + Sync),
    output: &Receiver<Vec<u8>>,
    parser: &mut vt100::Parser,
    mut raw: Option<&mut Vec<u8>>,
) -> portable_pty::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("the child's status") {
            return status;
        }
        let left = DEADLINE.saturating_sub(start.elapsed());
        assert!(
            !left.is_zero(),
            "the program did not exit; the screen shows:\n{}",
            parser.screen().contents()
        );
        // Output or not, look again at least every 50 ms.
        if let Ok(bytes) = output.recv_timeout(left.min(Duration::from_millis(50))) {
            parser.process(&bytes);
            if let Some(raw) = raw.as_deref_mut() {
                raw.extend_from_slice(&bytes);
            }
        }
    }
}
