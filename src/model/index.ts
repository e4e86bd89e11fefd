/** The graph model: labels, relationship types and hierarchies, declared once and read by every module. */
export * from './labels';
export * from './relationships';
export * from './hierarchies';
export * from './identifiers';
