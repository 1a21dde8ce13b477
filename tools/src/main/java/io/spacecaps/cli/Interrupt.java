package io.spacecaps.cli;

import java.util.concurrent.CountDownLatch;

/** For commands that run until Ctrl-C: waits for the JVM's shutdown, stopping what they started first. */
final class Interrupt {

    private Interrupt() {
    }

    static void await(Runnable onStop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logging.stoppingOnPurpose();
            onStop.run();
            stopped.countDown();
        }, "spacecaps-stop"));
        stopped.await();
    }
}
