package org.gachimarket.es.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestHandler;
import org.gachimarket.es.analysis.common.AsciiFoldingFilterFactory;
import org.gachimarket.es.analysis.common.CjkWidthFilterFactory;
import org.gachimarket.es.analysis.common.EdgeNGramFilterFactory;
import org.gachimarket.es.analysis.common.KeywordTokenizerFactory;
import org.gachimarket.es.analysis.common.LowerCaseFilterFactory;
import org.gachimarket.es.analysis.common.NGramFilterFactory;
import org.gachimarket.es.analysis.common.NGramTokenizerFactory;
import org.gachimarket.es.analysis.common.PatternReplaceCharFilterFactory;
import org.gachimarket.es.analysis.common.SynonymFilterFactory;
import org.gachimarket.es.analysis.common.TrimFilterFactory;
import org.gachimarket.es.analysis.common.UniqueFilterFactory;
import org.gachimarket.es.analysis.common.WhitespaceTokenizerFactory;
import org.gachimarket.es.analysis.nori.NoriAnalyzerProvider;
import org.gachimarket.es.analysis.nori.NoriNumberFilterFactory;
import org.gachimarket.es.analysis.nori.NoriPartOfSpeechFilterFactory;
import org.gachimarket.es.analysis.nori.NoriReadingFormFilterFactory;
import org.gachimarket.es.analysis.nori.NoriTokenizerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.elasticsearch.plugins.AnalysisPlugin.requiresAnalysisSettings;

/**
 * Registers, under the same names and parameters as Elastic's analysis-nori plugin and
 * analysis-common module, the analysis components the Gachi Market index uses. Only names
 * the Elasticsearch server itself does not register are added here (the server already has
 * e.g. the pre-configured {@code lowercase} filter, {@code shingle}, {@code stop},
 * {@code standard}, and the {@code keyword}/{@code whitespace} analyzers).
 *
 * <p>It also answers {@code GET /} and {@code HEAD /}, which Elasticsearch 9 serves from its
 * {@code rest-root} module, absent from the integration-test distribution.
 */
public class GachiAnalysisPlugin extends Plugin implements AnalysisPlugin, ActionPlugin {
    private volatile ClusterService clusterService;

    @Override
    public Collection<?> createComponents(PluginServices services) {
        this.clusterService = services.clusterService();
        return List.of();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(
        RestHandlersServices services,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RootInfoRestHandler(() -> clusterService));
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> tokenizers = new TreeMap<>();
        tokenizers.put("nori_tokenizer", NoriTokenizerFactory::new);
        tokenizers.put("ngram", (indexSettings, env, name, settings) -> new NGramTokenizerFactory(indexSettings, name, settings, false));
        tokenizers.put("edge_ngram", (indexSettings, env, name, settings) -> new NGramTokenizerFactory(indexSettings, name, settings, true));
        tokenizers.put("keyword", KeywordTokenizerFactory::new);
        tokenizers.put("whitespace", WhitespaceTokenizerFactory::new);
        return tokenizers;
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> filters = new TreeMap<>();
        filters.put("nori_part_of_speech", NoriPartOfSpeechFilterFactory::new);
        filters.put("nori_readingform", NoriReadingFormFilterFactory::new);
        filters.put("nori_number", NoriNumberFilterFactory::new);
        // The server only has a pre-configured "lowercase" (usable by name); this makes
        // {"type": "lowercase", "language": ...} definitions work as with analysis-common.
        filters.put("lowercase", LowerCaseFilterFactory::new);
        filters.put("edge_ngram", EdgeNGramFilterFactory::new);
        filters.put("ngram", NGramFilterFactory::new);
        filters.put("synonym", requiresAnalysisSettings((indexSettings, env, name, settings) ->
            new SynonymFilterFactory(indexSettings, env, name, settings, false)));
        filters.put("synonym_graph", requiresAnalysisSettings((indexSettings, env, name, settings) ->
            new SynonymFilterFactory(indexSettings, env, name, settings, true)));
        filters.put("cjk_width", CjkWidthFilterFactory::new);
        filters.put("trim", TrimFilterFactory::new);
        filters.put("unique", UniqueFilterFactory::new);
        filters.put("asciifolding", AsciiFoldingFilterFactory::new);
        return filters;
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        Map<String, AnalysisProvider<CharFilterFactory>> charFilters = new TreeMap<>();
        charFilters.put("pattern_replace", requiresAnalysisSettings(PatternReplaceCharFilterFactory::new));
        return charFilters;
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> analyzers = new TreeMap<>();
        analyzers.put("nori", NoriAnalyzerProvider::new);
        return analyzers;
    }
}
