package org.gachimarket.es.analysis.common;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.synonym.WordnetSynonymParser;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import java.util.function.Function;

/**
 * {@code synonym} and {@code synonym_graph}: rules inline ({@code synonyms}) or from a file
 * relative to the config folder ({@code synonyms_path}); {@code format} (solr | wordnet),
 * {@code expand} (true), {@code lenient} (defaults to {@code updateable}), {@code updateable}
 * (search-time only, reloadable). As in analysis-common, the rules are analyzed with the
 * tokenizer, char filters and preceding token filters of the analyzer the filter sits in.
 * Synonym sets stored in the cluster ({@code synonyms_set}) are not supported here.
 */
public class SynonymFilterFactory extends AbstractTokenFilterFactory {
    private final boolean graph;
    private final Environment env;
    private final Settings settings;
    private final boolean expand;
    private final boolean lenient;
    private final String format;
    private final AnalysisMode analysisMode;

    public SynonymFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings, boolean graph) {
        super(name);
        this.graph = graph;
        this.env = env;
        this.settings = settings;
        if (settings.hasValue("synonyms_set")) {
            throw new IllegalArgumentException("[synonyms_set] is not supported by the test analysis plugin; use [synonyms] or [synonyms_path]");
        }
        if (!settings.hasValue("synonyms") && !settings.hasValue("synonyms_path")) {
            throw new IllegalArgumentException("synonym requires either `synonyms`, `synonyms_set` or `synonyms_path` to be configured");
        }
        this.expand = settings.getAsBoolean("expand", true);
        this.format = settings.get("format", "");
        boolean updateable = settings.getAsBoolean("updateable", false);
        this.lenient = settings.getAsBoolean("lenient", updateable);
        this.analysisMode = updateable ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
    }

    @Override
    public AnalysisMode getAnalysisMode() {
        return analysisMode;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        throw new IllegalStateException("a synonym filter must be specialized for its analysis chain first");
    }

    @Override
    public TokenFilterFactory getChainAwareTokenFilterFactory(
        IndexCreationContext context,
        TokenizerFactory tokenizer,
        List<CharFilterFactory> charFilters,
        List<TokenFilterFactory> previousTokenFilters,
        Function<String, TokenFilterFactory> allFilters
    ) {
        Analyzer ruleAnalyzer = new CustomAnalyzer(
            tokenizer,
            charFilters.toArray(new CharFilterFactory[0]),
            previousTokenFilters.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new)
        );
        final SynonymMap map = buildMap(ruleAnalyzer);
        final String name = name();
        final boolean useGraph = graph;
        final AnalysisMode mode = analysisMode;
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream tokenStream) {
                if (map.fst == null) {
                    return tokenStream;
                }
                return useGraph ? new SynonymGraphFilter(tokenStream, map, false) : new SynonymFilter(tokenStream, map, false);
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                // Rules of a later synonym filter are not expanded with this one's.
                return IDENTITY_FILTER;
            }

            @Override
            public AnalysisMode getAnalysisMode() {
                return mode;
            }
        };
    }

    private Reader rules() {
        if (settings.hasValue("synonyms")) {
            List<String> lines = Analysis.getWordList(env, settings, "synonyms");
            return new StringReader(String.join("\n", lines));
        }
        // getReaderFromFile appends "_path" to the prefix when it reports errors.
        return Analysis.getReaderFromFile(env, settings.get("synonyms_path"), "synonyms");
    }

    private SynonymMap buildMap(Analyzer analyzer) {
        String origin = settings.hasValue("synonyms") ? "'" + name() + "' analyzer settings" : settings.get("synonyms_path");
        try (Reader reader = rules()) {
            SynonymMap.Parser parser = "wordnet".equalsIgnoreCase(format)
                ? new LenientWordnetParser(expand, lenient, analyzer)
                : new LenientSolrParser(expand, lenient, analyzer);
            parser.parse(reader);
            return parser.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("failed to build synonyms from [" + origin + "]", e);
        }
    }

    /** With lenient=true, a rule whose terms the analyzer cannot turn into a synonym (e.g. a stop word) is skipped. */
    static final class LenientSolrParser extends SolrSynonymParser {
        private final boolean lenient;

        LenientSolrParser(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                if (!lenient) {
                    throw e;
                }
                reuse.clear();
                return reuse.get();
            }
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (!lenient || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }
    }

    static final class LenientWordnetParser extends WordnetSynonymParser {
        private final boolean lenient;

        LenientWordnetParser(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                if (!lenient) {
                    throw e;
                }
                reuse.clear();
                return reuse.get();
            }
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (!lenient || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }
    }
}
