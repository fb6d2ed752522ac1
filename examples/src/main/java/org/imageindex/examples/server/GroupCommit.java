package org.imageindex.examples.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.imageindex.ImageIndex;

/**
 * Commits before a write is acknowledged, one commit for every write that finished while the
 * previous commit ran: under concurrent writers the number of commits (fsyncs) stays near one
 * per commit duration instead of one per request.
 */
final class GroupCommit {

  private final ImageIndex index;
  private final ReentrantLock lock = new ReentrantLock();
  /** Tickets handed to writes that finished; a commit started after ticket t was taken covers t. */
  private final AtomicLong finished = new AtomicLong();
  /** The highest ticket a completed commit covers; read and written under {@link #lock}. */
  private long durable;

  GroupCommit(ImageIndex index) {
    this.index = index;
  }

  /**
   * Returns once every write that returned before this call is committed.
   *
   * @throws UncheckedIOException if the commit fails (the write is then not acknowledged)
   */
  void awaitDurable() {
    long ticket = finished.incrementAndGet();
    lock.lock();
    try {
      if (durable >= ticket) {
        return; // a commit that started after our write covered it
      }
      long upTo = finished.get(); // every ticket up to here belongs to a write already done
      index.commit();
      durable = upTo;
    } catch (IOException e) {
      throw new UncheckedIOException("the write was done but committing it failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }
}
