package org.gachimarket.es.analysis.common;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;

/** {@code edge_ngram} token filter: {@code min_gram} (1), {@code max_gram} (2), {@code preserve_original}, {@code side}. */
public class EdgeNGramFilterFactory extends AbstractTokenFilterFactory {
    private final int minGram;
    private final int maxGram;
    private final boolean preserveOriginal;
    private final boolean back;

    public EdgeNGramFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name);
        this.minGram = settings.getAsInt("min_gram", 1);
        this.maxGram = settings.getAsInt("max_gram", 2);
        this.preserveOriginal = settings.getAsBoolean("preserve_original", false);
        String side = settings.get("side", "front");
        if (side.equals("front")) {
            this.back = false;
        } else if (side.equals("back")) {
            this.back = true;
        } else {
            throw new IllegalArgumentException("invalid side: [" + side + "], expected [front] or [back]");
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        if (back) {
            return new ReverseStringFilter(new EdgeNGramTokenFilter(new ReverseStringFilter(tokenStream), minGram, maxGram, preserveOriginal));
        }
        return new EdgeNGramTokenFilter(tokenStream, minGram, maxGram, preserveOriginal);
    }

    @Override
    public boolean breaksFastVectorHighlighter() {
        return true;
    }

    @Override
    public TokenFilterFactory getSynonymFilter() {
        throw new IllegalArgumentException("Token filter [" + name() + "] cannot be used to parse synonyms");
    }
}
