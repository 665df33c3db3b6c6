// A failure outside handleEvents: an exception thrown from a timer kills the thread.
export function handleEvents(events) {
  setTimeout(() => {
    throw new TypeError('timer blew up');
  }, 0);
  return new Promise(() => {});
}
