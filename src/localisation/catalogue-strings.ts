import type { PublicationKind } from '../__generated__/resolvers-types';
import type { CompanionReading } from '../model';
import type { Language } from './localised-text';

/**
 * The words the API itself puts around the catalogue's data, in its three languages: publication kinds and the
 * phrases of recommendation reasons. A companion relationship added to the model (src/model/relationships.ts)
 * does not typecheck until both of its readings are phrased here in every language.
 */

/** The SDL's PublicationKind: an enum value added there does not typecheck until labelled here. */
type KindName = PublicationKind;

export const KIND_LABELS: Record<Language, Record<KindName, string>> = {
  EN: {
    HANDBOOK: 'Handbook',
    MANUAL: 'Manual',
    GUIDANCE_NOTE: 'Guidance note',
    GUIDE: 'Guide',
    TRAINING_GUIDE: 'Training guide',
    TRAINERS_MANUAL: "Trainer's manual",
    TRAINING_MANUAL: 'Training manual',
    TRAINING_PACKAGE: 'Training package',
    TOOLKIT: 'Toolkit',
    STUDY: 'Study',
    REPORT: 'Report',
    ASSESSMENT: 'Assessment',
    FRAMEWORK: 'Framework',
    ISSUE_BRIEF: 'Issue brief',
    POLICY_GUIDE: 'Policy guide',
    E_COURSE: 'E-course',
    MODULE: 'Module',
    ANNEX: 'Annex',
    OTHER: 'Other',
  },
  ES: {
    HANDBOOK: 'Manual',
    MANUAL: 'Manual',
    GUIDANCE_NOTE: 'Nota de orientación',
    GUIDE: 'Guía',
    TRAINING_GUIDE: 'Guía de formación',
    TRAINERS_MANUAL: 'Manual del formador',
    TRAINING_MANUAL: 'Manual de formación',
    TRAINING_PACKAGE: 'Paquete de formación',
    TOOLKIT: 'Caja de herramientas',
    STUDY: 'Estudio',
    REPORT: 'Informe',
    ASSESSMENT: 'Evaluación',
    FRAMEWORK: 'Marco',
    ISSUE_BRIEF: 'Nota temática',
    POLICY_GUIDE: 'Guía de políticas',
    E_COURSE: 'Curso en línea',
    MODULE: 'Módulo',
    ANNEX: 'Anexo',
    OTHER: 'Otro',
  },
  FR: {
    HANDBOOK: 'Manuel',
    MANUAL: 'Manuel',
    GUIDANCE_NOTE: "Note d'orientation",
    GUIDE: 'Guide',
    TRAINING_GUIDE: 'Guide de formation',
    TRAINERS_MANUAL: 'Manuel du formateur',
    TRAINING_MANUAL: 'Manuel de formation',
    TRAINING_PACKAGE: 'Kit de formation',
    TOOLKIT: 'Boîte à outils',
    STUDY: 'Étude',
    REPORT: 'Rapport',
    ASSESSMENT: 'Évaluation',
    FRAMEWORK: 'Cadre',
    ISSUE_BRIEF: 'Note thématique',
    POLICY_GUIDE: 'Guide politique',
    E_COURSE: 'Cours en ligne',
    MODULE: 'Module',
    ANNEX: 'Annexe',
    OTHER: 'Autre',
  },
};

/**
 * A reason's phrase about the recommended publication, `{x}` standing for the shared thing (or, for a catalogued
 * relation, the seed's title): a shared kind of thing, or a companion relation read from the recommended
 * publication's side ("complements {x}" where the seed is complemented by it).
 */
export type ReasonPhraseKey = 'TOPIC' | 'AUDIENCE' | 'PLACE' | 'PROGRAMME' | 'ORGANISATION' | 'SERIES' | 'SAME_SERIES' | 'TEXT' | 'COMPLEMENTARY_KIND' | NonNullable<CompanionReading>;

export interface ReasonPhrases {
  phrases: Record<ReasonPhraseKey, string>;
  /** Joins two things in one phrase ("also about A and B"). */
  and: string;
}

export const REASON_PHRASES: Record<Language, ReasonPhrases> = {
  EN: {
    and: 'and',
    phrases: {
      TOPIC: 'also about {x}',
      AUDIENCE: 'for {x}',
      PLACE: 'also covers {x}',
      PROGRAMME: 'same programme: {x}',
      ORGANISATION: 'also from {x}',
      SERIES: 'same series: {x}',
      SAME_SERIES: 'same series as {x}',
      TEXT: 'similar wording: {x}',
      COMPLEMENTARY_KIND: 'to use alongside: {x}',
      COMPLEMENTS: 'complements {x}',
      COMPLEMENTED_BY: 'complemented by {x}',
      PART_OF: 'part of {x}',
      HAS_PART: 'includes {x}',
      ANNEX_OF: 'annex to {x}',
      HAS_ANNEX: 'has {x} as an annex',
      MODULE_OF: 'module of {x}',
      HAS_MODULE: 'has {x} as a module',
      FOLLOWS_STRUCTURE_OF: 'follows the structure of {x}',
      STRUCTURE_FOLLOWED_BY: 'lends its structure to {x}',
      INFORMED_BY: 'based on {x}',
      INFORMS: 'informed {x}',
      EDITION_OF: 'another edition of {x}',
      HAS_EDITION: 'another edition of {x}',
    },
  },
  ES: {
    and: 'y',
    phrases: {
      TOPIC: 'también sobre {x}',
      AUDIENCE: 'para {x}',
      PLACE: 'también cubre {x}',
      PROGRAMME: 'mismo programa: {x}',
      ORGANISATION: 'también de {x}',
      SERIES: 'misma serie: {x}',
      SAME_SERIES: 'misma serie que {x}',
      TEXT: 'redacción parecida: {x}',
      COMPLEMENTARY_KIND: 'para usar a la par: {x}',
      COMPLEMENTS: 'complementa {x}',
      COMPLEMENTED_BY: 'complementada por {x}',
      PART_OF: 'parte de {x}',
      HAS_PART: 'incluye {x}',
      ANNEX_OF: 'anexo de {x}',
      HAS_ANNEX: 'tiene como anexo {x}',
      MODULE_OF: 'módulo de {x}',
      HAS_MODULE: 'tiene como módulo {x}',
      FOLLOWS_STRUCTURE_OF: 'sigue la estructura de {x}',
      STRUCTURE_FOLLOWED_BY: 'sirve de estructura a {x}',
      INFORMED_BY: 'basada en {x}',
      INFORMS: 'sirvió de base a {x}',
      EDITION_OF: 'otra edición de {x}',
      HAS_EDITION: 'otra edición de {x}',
    },
  },
  FR: {
    and: 'et',
    phrases: {
      TOPIC: 'aussi sur {x}',
      AUDIENCE: 'pour {x}',
      PLACE: 'couvre aussi {x}',
      PROGRAMME: 'même programme : {x}',
      ORGANISATION: 'aussi de {x}',
      SERIES: 'même série : {x}',
      SAME_SERIES: 'même série que {x}',
      TEXT: 'formulation proche : {x}',
      COMPLEMENTARY_KIND: 'à utiliser en complément : {x}',
      COMPLEMENTS: 'complète {x}',
      COMPLEMENTED_BY: 'complété par {x}',
      PART_OF: 'fait partie de {x}',
      HAS_PART: 'comprend {x}',
      ANNEX_OF: 'annexe de {x}',
      HAS_ANNEX: 'a pour annexe {x}',
      MODULE_OF: 'module de {x}',
      HAS_MODULE: 'a pour module {x}',
      FOLLOWS_STRUCTURE_OF: 'suit la structure de {x}',
      STRUCTURE_FOLLOWED_BY: 'sert de structure à {x}',
      INFORMED_BY: 'fondé sur {x}',
      INFORMS: 'a servi de base à {x}',
      EDITION_OF: 'autre édition de {x}',
      HAS_EDITION: 'autre édition de {x}',
    },
  },
};
