package org.gachimarket.es.analysis.common;

import org.elasticsearch.index.IndexSettings;

/** The {@code index.max_ngram_diff} check that analysis-common applies to ngram tokenizers and filters. */
final class NGramLimits {
    private NGramLimits() {}

    static void checkDiff(IndexSettings indexSettings, int minGram, int maxGram, String what) {
        int maxAllowed = indexSettings.getMaxNgramDiff();
        int diff = maxGram - minGram;
        if (diff > maxAllowed) {
            throw new IllegalArgumentException(
                "The difference between max_gram and min_gram in " + what + " must be less than or equal to: ["
                    + maxAllowed + "] but was [" + diff + "]. This limit can be set by changing the ["
                    + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey() + "] index level setting."
            );
        }
    }
}
