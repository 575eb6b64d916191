// The daemon's jemalloc settings (linked in by src/CMakeLists.txt), read by
// jemalloc at its first allocation. Pages freed after a big batch go back to
// the system within a second rather than ten, and at once rather than in a
// second pass, so the resident size follows the backlog, not its peaks; a
// background thread returns them even while the daemon is idle (jemalloc
// otherwise purges only when it allocates).
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's.
const char* malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}
