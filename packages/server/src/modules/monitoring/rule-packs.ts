import type { Severity } from '../../platform/db/schema.js';

export interface PackRule {
  pack: string;
  name: string;
  description: string;
  kind: 'terms' | 'regex' | 'pii';
  terms?: string[];
  pattern?: string;
  piiTypes?: string[];
  sensitiveFlags?: string[];
  directions?: Array<'inbound' | 'outbound'>;
  severity: Severity;
}

/**
 * The rule packs every organisation starts with, in pt-BR, es and en. Terms are matched as whole
 * words without regard to case or accents, on the masked text (so "me passa o número do cartão"
 * still matches after the card number itself is masked). The DPO can disable or edit any of them.
 */
export const RULE_PACKS: PackRule[] = [
  // Credentials, CVV and full card numbers asked for by an agent.
  {
    pack: 'pt-BR/credentials',
    name: 'Agente pede senha, CVV ou número do cartão',
    description: 'Mensagem de agente pedindo credenciais ou dados completos de cartão (nunca devem ser pedidos pelo chat).',
    kind: 'terms',
    terms: ['sua senha', 'a senha', 'me passa a senha', 'informe a senha', 'senha do cartão', 'senha do banco', 'código de segurança', 'cvv', 'cvc', 'número do cartão', 'numero completo do cartão', 'dados do cartão', 'token do banco', 'código sms', 'código de verificação'],
    directions: ['outbound'],
    severity: 'critical',
  },
  {
    pack: 'es/credentials',
    name: 'Agente pide contraseña, CVV o número de tarjeta',
    description: 'Mensaje de un agente que pide credenciales o datos completos de tarjeta.',
    kind: 'terms',
    terms: ['tu contraseña', 'su contraseña', 'la contraseña', 'clave de acceso', 'pin de la tarjeta', 'código de seguridad', 'cvv', 'cvc', 'número de la tarjeta', 'número de tarjeta', 'datos de la tarjeta', 'código sms', 'código de verificación'],
    directions: ['outbound'],
    severity: 'critical',
  },
  {
    pack: 'en/credentials',
    name: 'Agent asks for a password, CVV or card number',
    description: 'An agent message asking for credentials or full card details.',
    kind: 'terms',
    terms: ['your password', 'the password', 'your pin', 'security code', 'cvv', 'cvc', 'card number', 'full card number', 'card details', 'verification code', 'one-time code', 'sms code'],
    directions: ['outbound'],
    severity: 'critical',
  },
  // Personal data received where it should not be.
  {
    pack: 'all/card-received',
    name: 'Customer sent a card number / Cliente enviou número de cartão',
    description: 'A customer message contained a payment card number (masked before storage).',
    kind: 'pii',
    piiTypes: ['CREDIT_CARD'],
    directions: ['inbound'],
    severity: 'high',
  },
  {
    pack: 'all/credential-shared',
    name: 'Password shared in a message / Senha compartilhada',
    description: 'A message contained a password or credential.',
    kind: 'pii',
    piiTypes: ['PASSWORD'],
    severity: 'high',
  },
  {
    pack: 'all/sensitive-data',
    name: 'Sensitive data mentioned (health, religion, …) / Dado sensível',
    description: 'Special-category data (LGPD Art. 11, GDPR Art. 9) mentioned in a message.',
    kind: 'pii',
    sensitiveFlags: ['HEALTH', 'RELIGION', 'POLITICS', 'SEX_LIFE', 'ETHNICITY', 'BIOMETRIC_GENETIC', 'UNION', 'CRIMINAL'],
    severity: 'medium',
  },
  // Sharing data with third parties.
  {
    pack: 'pt-BR/third-parties',
    name: 'Compartilhamento com terceiros',
    description: 'Menção a repassar dados do cliente a terceiros.',
    kind: 'terms',
    terms: ['repassar seus dados', 'passar seus dados', 'vender seus dados', 'compartilhar seus dados', 'enviar para terceiros', 'lista de clientes', 'planilha de clientes', 'base de clientes'],
    severity: 'high',
  },
  {
    pack: 'es/third-parties',
    name: 'Cesión a terceros',
    description: 'Mención de ceder datos del cliente a terceros.',
    kind: 'terms',
    terms: ['ceder sus datos', 'pasar tus datos', 'vender tus datos', 'compartir sus datos', 'enviar a terceros', 'lista de clientes', 'base de datos de clientes'],
    severity: 'high',
  },
  {
    pack: 'en/third-parties',
    name: 'Sharing data with third parties',
    description: 'Mentions of passing customer data to third parties.',
    kind: 'terms',
    terms: ['share your data', 'sell your data', 'pass your details', 'send it to a third party', 'customer list', 'customer database', 'list of customers'],
    severity: 'high',
  },
  // Offensive language (either side).
  {
    pack: 'pt-BR/offensive',
    name: 'Linguagem ofensiva',
    description: 'Insultos e palavrões em conversas.',
    kind: 'terms',
    terms: ['idiota', 'imbecil', 'burro', 'otário', 'babaca', 'vagabundo', 'desgraçado', 'porra', 'caralho', 'merda', 'filho da puta', 'vai se foder'],
    severity: 'medium',
  },
  {
    pack: 'es/offensive',
    name: 'Lenguaje ofensivo',
    description: 'Insultos y palabrotas en conversaciones.',
    kind: 'terms',
    terms: ['idiota', 'imbécil', 'estúpido', 'gilipollas', 'cabrón', 'pendejo', 'mierda', 'joder', 'hijo de puta', 'vete a la mierda'],
    severity: 'medium',
  },
  {
    pack: 'en/offensive',
    name: 'Offensive language',
    description: 'Insults and profanity in conversations.',
    kind: 'terms',
    terms: ['idiot', 'stupid', 'moron', 'asshole', 'bastard', 'bitch', 'fuck', 'fucking', 'shit', 'screw you'],
    severity: 'medium',
  },
  // Contact off the company's channels.
  {
    pack: 'pt-BR/off-channel',
    name: 'Contato fora do canal oficial',
    description: 'Convite para falar por um canal pessoal, fora do atendimento registrado.',
    kind: 'terms',
    terms: ['meu zap pessoal', 'meu whats pessoal', 'me chama no meu zap', 'me chama no privado', 'meu número pessoal', 'meu celular pessoal', 'meu instagram', 'fala comigo no particular'],
    severity: 'high',
  },
  {
    pack: 'es/off-channel',
    name: 'Contacto fuera del canal oficial',
    description: 'Invitación a hablar por un canal personal, fuera de la atención registrada.',
    kind: 'terms',
    terms: ['mi whatsapp personal', 'mi número personal', 'mi móvil personal', 'escríbeme al privado', 'mi instagram'],
    severity: 'high',
  },
  {
    pack: 'en/off-channel',
    name: 'Contact off the official channel',
    description: 'Invitation to move the conversation to a personal channel.',
    kind: 'terms',
    terms: ['my personal number', 'my personal whatsapp', 'my personal phone', 'text me privately', 'dm me', 'my instagram'],
    severity: 'high',
  },
  // Bulk data requests.
  {
    pack: 'pt-BR/bulk-data',
    name: 'Pedido de dados em massa',
    description: 'Pedido de exportar ou enviar dados de muitos clientes.',
    kind: 'terms',
    terms: ['todos os clientes', 'todos os cpfs', 'exportar a base', 'exportar os contatos', 'lista completa de clientes', 'planilha com os dados', 'dados de todos'],
    severity: 'high',
  },
  {
    pack: 'es/bulk-data',
    name: 'Solicitud de datos masivos',
    description: 'Petición de exportar o enviar datos de muchos clientes.',
    kind: 'terms',
    terms: ['todos los clientes', 'todos los dni', 'exportar la base', 'exportar los contactos', 'lista completa de clientes', 'datos de todos'],
    severity: 'high',
  },
  {
    pack: 'en/bulk-data',
    name: 'Bulk data request',
    description: 'A request to export or send the data of many customers.',
    kind: 'terms',
    terms: ['all customers', 'all the customers', 'export the database', 'export all contacts', 'full customer list', 'everyone\'s data', 'dump the data'],
    severity: 'high',
  },
];
