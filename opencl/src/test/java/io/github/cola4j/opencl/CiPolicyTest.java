package io.github.cola4j.opencl;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/**
 * The OpenCL tests must run in CI: with {@code CI=true} and no OpenCL platform this test fails (through
 * {@link OpenClTestSupport#backend()}); on a developer machine without OpenCL it is skipped with a message.
 */
class CiPolicyTest {
    @Test
    void openClPlatformIsThereOrTheTestsAreSkippedOutsideCi() {
        if (OpenClTestSupport.inCi()) {
            System.out.println("CI=true: the OpenCL tests are required to run");
        }
        assertNotNull(OpenClTestSupport.backend());
    }
}
