package io.github.cola4j.opencl;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Finding an OpenCL device (GPUs first) and checking a new backend on it: the self-test compiles the program with
 * its first launch and compares a product and a broadcast sum with known values.
 */
final class DeviceDiscovery {
    private DeviceDiscovery() {
    }

    /**
     * OpenCL devices Aparapi can see, GPUs first.
     *
     * @throws OpenClUnavailableException when the OpenCL library cannot be loaded
     */
    static List<OpenCLDevice> devices(boolean gpuOnly) {
        List<OpenCLDevice> r = new ArrayList<>();
        try {
            r.addAll(OpenCLDevice.listDevices(Device.TYPE.GPU));
            if (!gpuOnly) {
                r.addAll(OpenCLDevice.listDevices(Device.TYPE.ACC));
                r.addAll(OpenCLDevice.listDevices(Device.TYPE.CPU));
            }
        } catch (RuntimeException | LinkageError e) {
            throw new OpenClUnavailableException("the OpenCL library could not be loaded: " + e, e);
        }
        return r;
    }

    /**
     * The first device found (GPUs first; only GPUs when {@code gpuOnly}) whose name contains {@code deviceFilter}
     * (any device when null or empty).
     *
     * @throws OpenClUnavailableException naming the devices seen when none matches
     */
    static OpenCLDevice choose(boolean gpuOnly, String deviceFilter) {
        List<OpenCLDevice> found = devices(gpuOnly);
        for (OpenCLDevice d : found) {
            if (deviceFilter == null || deviceFilter.isEmpty()
                    || d.getName().toLowerCase(Locale.ROOT).contains(deviceFilter.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        String what = gpuOnly ? "no OpenCL GPU" : "no OpenCL device";
        if (deviceFilter != null && !deviceFilter.isEmpty()) {
            what += " whose name contains '" + deviceFilter + "'";
        }
        throw new OpenClUnavailableException(what + " found" + (found.isEmpty() ? "" : " (devices: " + names(found) + ")"));
    }

    private static String names(List<OpenCLDevice> ds) {
        List<String> n = new ArrayList<>();
        for (OpenCLDevice d : ds) {
            n.add(d.getType() + " " + d.getName().trim());
        }
        return String.join(", ", n);
    }

    /**
     * Compiles the program (first launch) and checks a few ops against known values.
     *
     * @throws OpenClUnavailableException when the results are wrong
     */
    static void selfTest(OpenClBackend b, OpenCLDevice device) {
        Tensor a = Tensor.wrap(b.fromHost(DType.FLOAT32, new float[] {1, 2, 3, 4}), 2, 2);
        Tensor c = Tensor.wrap(b.fromHost(DType.FLOAT32, new float[] {5, 6, 7, 8}), 2, 2);
        float[] prod = b.matmul(a.reshape(1, 2, 2), c.reshape(1, 2, 2)).toFloatArray();
        float[] sum = b.binary(BinaryOp.ADD, a, c.t(), new int[] {2, 2}).toFloatArray();
        float[] want = {19, 22, 43, 50};
        float[] wantSum = {6, 9, 9, 12};
        if (!Arrays.equals(prod, want) || !Arrays.equals(sum, wantSum)) {
            throw new OpenClUnavailableException("the OpenCL kernels give wrong results on " + device.getName().trim()
                    + ": " + Arrays.toString(prod) + " " + Arrays.toString(sum));
        }
    }
}
