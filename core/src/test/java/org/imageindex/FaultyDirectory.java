package org.imageindex;

import java.io.IOException;
import java.util.Collection;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/**
 * A Lucene directory that, while switched on, fails writes and fsyncs at random with the errors a
 * full or failing disk gives. Seeded: a run is repeatable from its seed.
 */
final class FaultyDirectory extends FilterDirectory {

    private static final String[] ERRORS = {"No space left on device", "Input/output error", "Disk quota exceeded"};

    private final Random random;
    private volatile double writeFailure;
    private volatile double syncFailure;
    final AtomicInteger injected = new AtomicInteger();

    FaultyDirectory(Directory in, long seed) {
        super(in);
        this.random = new Random(seed);
    }

    /** Sets the chance that one write call, and one fsync, fails; 0 and 0 switch faults off. */
    void failures(double write, double sync) {
        this.writeFailure = write;
        this.syncFailure = sync;
    }

    private void maybeFail(double chance, String what) throws IOException {
        if (chance > 0) {
            boolean fail;
            String error;
            synchronized (random) {
                fail = random.nextDouble() < chance;
                error = ERRORS[random.nextInt(ERRORS.length)];
            }
            if (fail) {
                injected.incrementAndGet();
                throw new IOException(what + ": " + error);
            }
        }
    }

    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
        maybeFail(writeFailure, "create " + name);
        return new Output(in.createOutput(name, context));
    }

    @Override
    public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
        maybeFail(writeFailure, "create temp " + prefix);
        return new Output(in.createTempOutput(prefix, suffix, context));
    }

    @Override
    public void sync(Collection<String> names) throws IOException {
        maybeFail(syncFailure, "fsync " + names);
        super.sync(names);
    }

    @Override
    public void syncMetaData() throws IOException {
        maybeFail(syncFailure, "fsync directory");
        super.syncMetaData();
    }

    @Override
    public void rename(String source, String dest) throws IOException {
        maybeFail(syncFailure, "rename " + source);
        super.rename(source, dest);
    }

    private final class Output extends IndexOutput {
        private final IndexOutput out;

        Output(IndexOutput out) {
            super("faulty(" + out + ")", out.getName());
            this.out = out;
        }

        @Override
        public void writeByte(byte b) throws IOException {
            maybeFail(writeFailure / 64, "write " + out.getName());
            out.writeByte(b);
        }

        @Override
        public void writeBytes(byte[] b, int offset, int length) throws IOException {
            maybeFail(writeFailure, "write " + out.getName());
            out.writeBytes(b, offset, length);
        }

        @Override
        public long getFilePointer() {
            return out.getFilePointer();
        }

        @Override
        public long getChecksum() throws IOException {
            return out.getChecksum();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
