package io.spacecaps.speakers.voice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The i-vector extractor that ships inside the Vosk model ({@code ivector/}): an LDA projection of
 * spliced MFCCs, a diagonal-covariance universal background model that assigns frames to
 * Gaussians, and a total-variability matrix per Gaussian. Vosk feeds i-vectors to its acoustic model
 * for speaker adaptation; here they characterise the voice. Read-only once loaded and shared by
 * every track in the JVM (about 4 MB), and kept for the JVM's life.
 */
public final class IvectorModel {

    private static final Map<Path, IvectorModel> LOADED = new HashMap<>();

    final int featureDim;
    final int spliceLeft;
    final int spliceRight;
    final int splicedDim;
    /** featureDim x (splicedDim + 1), the last column an offset. */
    final float[] lda;
    /** Mean of the raw MFCCs over the model's training data, the prior of online mean normalisation. */
    final double[] globalMean;
    final double globalCount;
    /** Diagonal UBM, per Gaussian: gconst, means * inverse variances, inverse variances. */
    final int numGauss;
    final float[] gconsts;
    final float[] meansInvVars;
    final float[] invVars;
    final int ivectorDim;
    final double priorOffset;
    /** Per Gaussian, Sigma^-1 M (featureDim x ivectorDim, row-major). */
    final float[] sigmaInvM;
    /** Per Gaussian, M^T Sigma^-1 M packed as its lower triangle (ivectorDim (ivectorDim+1)/2). */
    final float[] precision;
    final int packedDim;

    private IvectorModel(Path ivectorDir) throws IOException {
        double[][] ldaMatrix = readMatrix(ivectorDir.resolve("final.mat"));
        int[] splice = readSplice(ivectorDir.resolve("splice.conf"));
        spliceLeft = splice[0];
        spliceRight = splice[1];
        featureDim = ldaMatrix.length;
        splicedDim = ldaMatrix[0].length - 1;
        int rawDim = splicedDim / (spliceLeft + 1 + spliceRight);
        lda = new float[featureDim * (splicedDim + 1)];
        for (int r = 0; r < featureDim; r++) {
            for (int c = 0; c <= splicedDim; c++) {
                lda[r * (splicedDim + 1) + c] = (float) ldaMatrix[r][c];
            }
        }

        double[][] cmvn = KaldiBinaryReader.textMatrix(ivectorDir.resolve("global_cmvn.stats"));
        globalCount = cmvn[0][cmvn[0].length - 1];
        if (cmvn[0].length - 1 != rawDim) {
            throw new IOException(ivectorDir + ": global_cmvn.stats has " + (cmvn[0].length - 1)
                    + " dimensions, the LDA expects " + rawDim);
        }
        globalMean = new double[rawDim];
        for (int d = 0; d < rawDim; d++) {
            globalMean[d] = cmvn[0][d] / globalCount;
        }

        KaldiBinaryReader ubm = KaldiBinaryReader.open(ivectorDir.resolve("final.dubm"));
        ubm.expect("<DiagGMM>");
        ubm.expect("<GCONSTS>");
        double[] gc = ubm.vector();
        ubm.expect("<WEIGHTS>");
        ubm.vector();
        ubm.expect("<MEANS_INVVARS>");
        double[][] mi = ubm.matrix();
        ubm.expect("<INV_VARS>");
        double[][] iv = ubm.matrix();
        numGauss = gc.length;
        if (mi[0].length != featureDim) {
            throw new IOException(ivectorDir + ": UBM dimension " + mi[0].length
                    + " differs from the LDA output " + featureDim);
        }
        gconsts = new float[numGauss];
        meansInvVars = new float[numGauss * featureDim];
        invVars = new float[numGauss * featureDim];
        for (int g = 0; g < numGauss; g++) {
            gconsts[g] = (float) gc[g];
            for (int d = 0; d < featureDim; d++) {
                meansInvVars[g * featureDim + d] = (float) mi[g][d];
                invVars[g * featureDim + d] = (float) iv[g][d];
            }
        }

        KaldiBinaryReader ie = KaldiBinaryReader.open(ivectorDir.resolve("final.ie"));
        ie.expect("<IvectorExtractor>");
        ie.expect("<w>");
        double[][] w = ie.matrix();
        if (w.length != 0) {
            throw new IOException(ivectorDir + ": i-vector dependent Gaussian weights are not supported");
        }
        ie.expect("<w_vec>");
        ie.vector();
        ie.expect("<M>");
        int count = ie.int32();
        if (count != numGauss) {
            throw new IOException(ivectorDir + ": extractor has " + count + " Gaussians, the UBM " + numGauss);
        }
        double[][][] m = new double[count][][];
        for (int g = 0; g < count; g++) {
            m[g] = ie.matrix();
        }
        ie.expect("<SigmaInv>");
        double[][][] sigmaInv = new double[count][][];
        for (int g = 0; g < count; g++) {
            sigmaInv[g] = ie.symmetricMatrix();
        }
        ie.expect("<IvectorOffset>");
        priorOffset = ie.real();
        ie.expect("</IvectorExtractor>");

        ivectorDim = m[0][0].length;
        packedDim = ivectorDim * (ivectorDim + 1) / 2;
        sigmaInvM = new float[numGauss * featureDim * ivectorDim];
        precision = new float[numGauss * packedDim];
        double[][] sm = new double[featureDim][ivectorDim];
        for (int g = 0; g < numGauss; g++) {
            for (int r = 0; r < featureDim; r++) {
                for (int c = 0; c < ivectorDim; c++) {
                    double sum = 0;
                    for (int k = 0; k < featureDim; k++) {
                        sum += sigmaInv[g][r][k] * m[g][k][c];
                    }
                    sm[r][c] = sum;
                    sigmaInvM[(g * featureDim + r) * ivectorDim + c] = (float) sum;
                }
            }
            int p = g * packedDim;
            for (int r = 0; r < ivectorDim; r++) {
                for (int c = 0; c <= r; c++) {
                    double sum = 0;
                    for (int k = 0; k < featureDim; k++) {
                        sum += m[g][k][r] * sm[k][c];
                    }
                    precision[p++] = (float) sum;
                }
            }
        }
    }

    /**
     * The extractor of the Vosk model in {@code modelDir} (the directory holding {@code ivector/}),
     * loaded on first use and then shared.
     *
     * @throws UncheckedIOException naming the file if the model has no usable i-vector extractor
     */
    public static synchronized IvectorModel load(Path modelDir) {
        Path dir = modelDir.toAbsolutePath().normalize();
        Path ivectorDir = Files.isDirectory(dir.resolve("ivector")) ? dir.resolve("ivector") : dir;
        return LOADED.computeIfAbsent(ivectorDir, d -> {
            try {
                return new IvectorModel(d);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the i-vector extractor in " + d + ": " + e.getMessage(), e);
            }
        });
    }

    /** Dimension of the raw MFCC features the LDA expects per frame. */
    int rawDim() {
        return globalMean.length;
    }

    private static double[][] readMatrix(Path path) throws IOException {
        return KaldiBinaryReader.open(path).matrix();
    }

    private static int[] readSplice(Path path) throws IOException {
        int left = 3;
        int right = 3;
        if (Files.isRegularFile(path)) {
            for (String line : Files.readAllLines(path)) {
                String option = line.strip();
                if (option.startsWith("--left-context=")) {
                    left = Integer.parseInt(option.substring("--left-context=".length()));
                } else if (option.startsWith("--right-context=")) {
                    right = Integer.parseInt(option.substring("--right-context=".length()));
                }
            }
        }
        return new int[]{left, right};
    }
}
