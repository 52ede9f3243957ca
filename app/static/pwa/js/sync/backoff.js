// Exponential back-off with full jitter: a random wait in [0, min(cap, base·2^attempt)).
export class Backoff {
  constructor({ base = 1000, cap = 300000, random = Math.random } = {}) {
    Object.assign(this, { base, cap, random, attempt: 0 });
  }

  next() {
    const ceiling = Math.min(this.cap, this.base * 2 ** this.attempt);
    this.attempt += 1;
    return Math.floor(this.random() * ceiling);
  }

  reset() { this.attempt = 0; }
}
