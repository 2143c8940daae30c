package org.gachimarket.es.analysis.common;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;

import java.io.IOException;

/** {@code unique}: drops repeated terms; with {@code only_on_same_position} only those at the same position. */
public class UniqueFilterFactory extends AbstractTokenFilterFactory {
    private final boolean onlyOnSamePosition;

    public UniqueFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name);
        this.onlyOnSamePosition = settings.getAsBoolean("only_on_same_position", false);
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return onlyOnSamePosition ? new RemoveDuplicatesTokenFilter(tokenStream) : new SeenOnceFilter(tokenStream);
    }

    /** Keeps the first occurrence of each term in the stream; removed tokens' increments are carried over. */
    static final class SeenOnceFilter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
        private final CharArraySet seen = new CharArraySet(16, false);

        SeenOnceFilter(TokenStream input) {
            super(input);
        }

        @Override
        public boolean incrementToken() throws IOException {
            int skipped = 0;
            while (input.incrementToken()) {
                if (!seen.contains(term.buffer(), 0, term.length())) {
                    char[] copy = new char[term.length()];
                    System.arraycopy(term.buffer(), 0, copy, 0, term.length());
                    seen.add(copy);
                    if (skipped > 0) {
                        posInc.setPositionIncrement(posInc.getPositionIncrement() + skipped);
                    }
                    return true;
                }
                skipped += posInc.getPositionIncrement();
            }
            return false;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            seen.clear();
        }
    }
}
