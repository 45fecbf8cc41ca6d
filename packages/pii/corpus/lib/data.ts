// Hand-written slot fillers for the synthetic corpus. Names are common first names and surnames
// combined at random: no combination is meant to be a real person.

export const FIRST_F = {
  pt: ['Maria', 'Ana', 'Francisca', 'Antônia', 'Adriana', 'Juliana', 'Márcia', 'Fernanda', 'Patrícia', 'Aline',
    'Camila', 'Bruna', 'Letícia', 'Larissa', 'Beatriz', 'Gabriela', 'Júlia', 'Luana', 'Vanessa', 'Renata',
    'Tatiane', 'Daniela', 'Simone', 'Cláudia', 'Sandra', 'Luciana', 'Rafaela', 'Priscila', 'Jéssica', 'Raquel',
    'Débora', 'Carolina', 'Mariana', 'Isabela', 'Heloísa', 'Valentina', 'Kelly', 'Thaís', 'Elaine', 'Rosângela',
    'Ana Paula', 'Maria Eduarda', 'Maria Clara', 'Ana Luiza', 'Conceição', 'Graça'],
  es: ['María', 'Carmen', 'Josefa', 'Isabel', 'Laura', 'Lucía', 'Marta', 'Cristina', 'Paula', 'Elena', 'Sara',
    'Raquel', 'Pilar', 'Rosa', 'Nuria', 'Silvia', 'Alba', 'Irene', 'Andrea', 'Beatriz', 'Rocío', 'Inmaculada',
    'Montserrat', 'Ainhoa', 'Nerea', 'Itziar', 'Noelia', 'Yolanda', 'Mercedes', 'Dolores', 'Begoña', 'Lorena',
    'María José', 'María del Carmen', 'María Ángeles', 'Ana Belén', 'Eva', 'Marina', 'Claudia', 'Natalia'],
  en: ['Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen',
    'Emily', 'Emma', 'Olivia', 'Sophie', 'Charlotte', 'Amelia', 'Hannah', 'Rachel', 'Laura', 'Megan', 'Chloe',
    'Grace', 'Lucy', 'Michelle', 'Nicole', 'Rebecca', 'Amanda', 'Stephanie', 'Heather', 'Aisha', 'Priya',
    'Siobhan', 'Zoe', 'Abigail', 'Fiona'],
};

export const FIRST_M = {
  pt: ['José', 'João', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luiz', 'Marcos', 'Luís',
    'Gabriel', 'Rafael', 'Daniel', 'Marcelo', 'Bruno', 'Eduardo', 'Felipe', 'Rodrigo', 'Gustavo', 'Guilherme',
    'Leonardo', 'Thiago', 'Mateus', 'Diego', 'Vinícius', 'Fábio', 'Ricardo', 'André', 'Sérgio', 'Cláudio',
    'Wesley', 'Anderson', 'Jefferson', 'Kauã', 'Davi', 'Enzo', 'Arthur', 'Heitor', 'Otávio', 'Caio',
    'Raimundo', 'Sebastião', 'João Pedro', 'Luiz Fernando', 'José Carlos', 'Washington', 'Cleiton'],
  es: ['Antonio', 'José', 'Manuel', 'Francisco', 'David', 'Juan', 'Javier', 'Daniel', 'Carlos', 'Jesús',
    'Alejandro', 'Miguel', 'Rafael', 'Pablo', 'Sergio', 'Fernando', 'Jorge', 'Luis', 'Alberto', 'Álvaro',
    'Adrián', 'Diego', 'Raúl', 'Iván', 'Rubén', 'Óscar', 'Andrés', 'Enrique', 'Ramón', 'Vicente', 'Joaquín',
    'Iker', 'Jordi', 'Xavier', 'Hugo', 'Mario', 'José Luis', 'Juan Carlos', 'José Antonio', 'Juan Manuel',
    'Gonzalo', 'Íñigo', 'Aitor'],
  en: ['James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Joseph', 'Thomas', 'Charles',
    'Christopher', 'Daniel', 'Matthew', 'Anthony', 'Steven', 'Paul', 'Andrew', 'Joshua', 'Kevin', 'Brian',
    'George', 'Edward', 'Ryan', 'Jacob', 'Gary', 'Oliver', 'Harry', 'Jack', 'Mohammed', 'Wei', 'Liam',
    'Connor', 'Ethan', 'Samuel', 'Declan'],
};

export const SURNAMES = {
  pt: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes',
    'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa',
    'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas',
    'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira', 'Araújo', 'Pinto', 'Correia', 'Cavalcanti',
    'Monteiro', 'Moura', 'Batista', 'Campos', 'Castro', 'Azevedo', 'Medeiros', 'Brandão', 'Figueiredo',
    'Magalhães', 'Siqueira', 'Albuquerque', 'Assunção', 'Bezerra', 'Tavares', 'Xavier', 'Peixoto'],
  es: ['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín',
    'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Alonso', 'Gutiérrez',
    'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Ramírez', 'Serrano', 'Blanco', 'Molina',
    'Morales', 'Suárez', 'Ortega', 'Delgado', 'Castro', 'Ortiz', 'Rubio', 'Marín', 'Sanz', 'Núñez', 'Iglesias',
    'Medina', 'Garrido', 'Cortés', 'Castillo', 'Lozano', 'Guerrero', 'Cano', 'Prieto', 'Méndez', 'Calvo',
    'Gallego', 'Vidal', 'León', 'Herrera', 'Márquez', 'Peña', 'Cabrera', 'Vega', 'Fuentes', 'Carrasco',
    'Aguilar', 'Etxeberria', 'Puig', 'Ferrer', 'Pujol', 'Otxoa'],
  en: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
    'Thomas', 'Moore', 'Jackson', 'Martin', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson',
    'Walker', 'Young', 'Allen', 'Wright', 'Scott', 'Hill', 'Green', 'Adams', 'Baker', 'Nelson', 'Carter',
    'Mitchell', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins',
    'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper', 'Reed', 'Bailey', 'Kelly', 'Hughes',
    'Bennett', 'Patel', 'Khan', "O'Brien", "O'Connor", 'McDonald', 'Nguyen', 'Okafor', 'Kowalski'],
};

/** Surnames that carry a particle, kept whole. */
export const PARTICLE_SURNAMES = {
  pt: ['da Silva', 'dos Santos', 'de Souza', 'da Costa', 'de Oliveira', 'do Nascimento', 'das Neves',
    'da Conceição', 'de Jesus', 'dos Anjos', 'da Rocha', 'de Almeida', 'do Carmo'],
  es: ['de la Cruz', 'del Río', 'de la Fuente', 'de León', 'del Pino', 'de la Torre', 'de los Santos',
    'de Miguel', 'del Valle', 'de Castro'],
  en: ['van der Berg', 'de Souza', 'Van Dyke', 'de Vries', 'Mac Giolla'],
};

export const CITIES_BR: Array<[string, string, [number, number]]> = [
  // city, UF, CEP range (5-digit prefix)
  ['São Paulo', 'SP', [1000, 5999]], ['Rio de Janeiro', 'RJ', [20000, 23799]], ['Belo Horizonte', 'MG', [30000, 31999]],
  ['Salvador', 'BA', [40000, 42599]], ['Fortaleza', 'CE', [60000, 61599]], ['Curitiba', 'PR', [80000, 82999]],
  ['Recife', 'PE', [50000, 52999]], ['Porto Alegre', 'RS', [90000, 91999]], ['Manaus', 'AM', [69000, 69099]],
  ['Belém', 'PA', [66000, 66999]], ['Goiânia', 'GO', [74000, 74899]], ['Campinas', 'SP', [13000, 13139]],
  ['Florianópolis', 'SC', [88000, 88099]], ['Vitória', 'ES', [29000, 29099]], ['Natal', 'RN', [59000, 59139]],
  ['João Pessoa', 'PB', [58000, 58099]], ['Santos', 'SP', [11000, 11099]], ['São José dos Campos', 'SP', [12200, 12249]],
  ['Ribeirão Preto', 'SP', [14000, 14114]], ['Londrina', 'PR', [86000, 86099]], ['Niterói', 'RJ', [24000, 24399]],
  ['Osasco', 'SP', [6000, 6299]], ['Juiz de Fora', 'MG', [36000, 36099]], ['Maceió', 'AL', [57000, 57099]],
  ['Teresina', 'PI', [64000, 64099]], ['Uberlândia', 'MG', [38400, 38415]],
];

export const STREETS_BR = ['Rua das Flores', 'Rua Sete de Setembro', 'Avenida Paulista', 'Av. Brasil', 'Rua XV de Novembro',
  'Rua Barão de Itapetininga', 'Rua Dom Pedro II', 'Av. Getúlio Vargas', 'Rua Tiradentes', 'Rua São Bento',
  'Rua Marechal Deodoro', 'Alameda Santos', 'Travessa do Comércio', 'Rua Padre Anchieta', 'Rua Coronel Oscar Porto',
  'Estrada do Campo Limpo', 'Rua Augusta', 'Rua Oscar Freire', 'Av. Afonso Pena', 'Rua da Consolação',
  'Rua Voluntários da Pátria', 'Rua Professor Artur Ramos', 'R. Maria Antônia', 'Rua Ana Néri', 'Rua dos Andradas',
  'Av. Sete de Setembro', 'Rua Santa Clara', 'R. José Bonifácio', 'Rua Amazonas', 'Av. Boa Viagem', 'Rua Bahia',
  'Rua Itapeva', 'Av. Presidente Vargas', 'Rua das Laranjeiras', 'Rua Conde de Bonfim', 'Av. Carlos Gomes',
  'Rua Frei Caneca', 'Rua Pernambuco', 'Rua Chile', 'Avenida Beira Mar', 'Rua dos Pinheiros', 'Rua Harmonia'];

export const BAIRROS = ['Centro', 'Jardim América', 'Vila Mariana', 'Pinheiros', 'Copacabana', 'Tijuca', 'Boa Viagem',
  'Savassi', 'Moinhos de Vento', 'Batel', 'Pituba', 'Meireles', 'Vila Nova', 'Jardim das Oliveiras',
  'Parque São Lucas', 'Santa Cecília', 'Barra da Tijuca', 'Bela Vista', 'Lapa', 'Mooca', 'Cidade Nova', 'Aldeota'];

export const CITIES_PT: Array<[string, string]> = [['Lisboa', '1'], ['Porto', '4'], ['Braga', '47'], ['Coimbra', '30'],
  ['Faro', '80'], ['Aveiro', '38'], ['Setúbal', '29'], ['Amadora', '27']];
export const STREETS_PT = ['Rua Augusta', 'Avenida da Liberdade', 'Rua de Santa Catarina', 'Rua do Carmo',
  'Avenida da República', 'Rua Dr. Miguel Bombarda', 'Travessa do Almada', 'Rua Ferreira Borges', 'Rua da Prata'];

export const CITIES_ES: Array<[string, string]> = [['Madrid', '28'], ['Barcelona', '08'], ['Valencia', '46'],
  ['Sevilla', '41'], ['Zaragoza', '50'], ['Málaga', '29'], ['Bilbao', '48'], ['Granada', '18'], ['Murcia', '30'],
  ['Alicante', '03'], ['Valladolid', '47'], ['Vigo', '36'], ['Gijón', '33'], ['A Coruña', '15'], ['Córdoba', '14'],
  ['Santander', '39'], ['Pamplona', '31'], ['Salamanca', '37'], ['Toledo', '45'], ['Cádiz', '11'],
  ['San Sebastián', '20'], ['Palma', '07']];
export const STREETS_ES = ['Calle Mayor', 'Calle de Alcalá', 'C/ Gran Vía', 'Avda. de la Constitución',
  'Paseo de la Castellana', 'Calle Serrano', 'Carrer de Balmes', 'Passeig de Gràcia', 'Calle Real',
  'Plaza de España', 'Calle Sierpes', 'Avenida de América', 'Ronda de Segovia', 'Calle Doctor Fleming',
  'Calle Antonio López', 'Camino de Ronda', 'C/ Princesa', 'Calle Colón', 'Rúa do Franco', 'Calle Larios',
  'Av. del Puerto', 'Calle San Vicente', 'Carrer de Sants', 'Calle Uría', 'Avenida Blasco Ibáñez',
  'C/ Arturo Soria', 'Calle Toledo', 'Calle de la Paz', 'Travesía de Vigo'];
export const PISOS_ES = ['3º B', '2º izq', 'bajo A', '4-1', '1º dcha', 'piso 5, puerta 2', '6ºC', 'ático',
  'esc 2, 3º 1ª', 'portal 3, 2ºD', 'entresuelo'];

export const STREETS_EN = ['Elm Street', 'Baker Street', 'High Street', 'Church Road', 'Park Avenue', 'Maple Drive',
  'Oak Lane', 'Main St', 'Station Road', 'Victoria Road', 'King Street', "Queen's Road", 'Sunset Blvd',
  'Washington Ave', 'Mill Lane', 'Cedar Court', 'Lincoln Way', 'Grove Terrace', 'Pine St', 'Willow Close'];
export const CITIES_US: Array<[string, string, string]> = [['Springfield', 'IL', '627'], ['Austin', 'TX', '787'],
  ['Boston', 'MA', '021'], ['Seattle', 'WA', '981'], ['Miami', 'FL', '331'], ['Denver', 'CO', '802'],
  ['Chicago', 'IL', '606'], ['Portland', 'OR', '972'], ['Brooklyn', 'NY', '112']];
export const CITIES_UK: Array<[string, string]> = [['Leeds', 'LS'], ['Manchester', 'M'], ['London', 'SW'],
  ['Bristol', 'BS'], ['Edinburgh', 'EH'], ['Cardiff', 'CF'], ['Glasgow', 'G'], ['Brighton', 'BN'], ['York', 'YO']];

export const EMAIL_DOMAINS = {
  pt: ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.br', 'uol.com.br', 'bol.com.br', 'terra.com.br',
    'icloud.com', 'live.com', 'globo.com', 'sapo.pt'],
  es: ['gmail.com', 'hotmail.com', 'hotmail.es', 'yahoo.es', 'outlook.es', 'telefonica.net', 'icloud.com',
    'movistar.es', 'protonmail.com'],
  en: ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'hotmail.co.uk', 'btinternet.com', 'aol.com',
    'protonmail.com', 'me.com'],
};
export const CORP_DOMAINS = {
  pt: ['lojaexemplo.com.br', 'construtoraaurora.com.br', 'transportesrapido.com.br', 'clinicavida.med.br',
    'escritoriomendes.adv.br', 'grupoatlas.com.br'],
  es: ['inmobiliariasol.es', 'talleresgarcia.com', 'asesoria-norte.es', 'grupoalba.es', 'ferreteriacentral.es'],
  en: ['acme-logistics.co.uk', 'brightpath.io', 'northwind.com', 'harbourdental.co.uk', 'bluefinch.org'],
};

export const COMPANIES = {
  pt: ['Banco do Brasil', 'Casas Bahia', 'Magazine Luiza', 'Mercado Livre', 'Itaú', 'Bradesco', 'Nubank', 'Vivo',
    'Claro', 'TIM', 'Americanas', 'Renner', 'Natura', 'O Boticário', 'Correios', 'Caixa Econômica Federal',
    'Lojas Marisa', 'Pernambucanas', 'Drogaria São Paulo', 'Ponto Frio', 'Shopee', 'iFood', 'Santander',
    'Amazon', 'Samsung', 'Sigilo Telecom'],
  es: ['Telefónica', 'Movistar', 'El Corte Inglés', 'Mercadona', 'Iberdrola', 'Endesa', 'Correos', 'Santander',
    'BBVA', 'CaixaBank', 'Zara', 'Mango', 'Vodafone', 'Orange', 'Renfe', 'Seur', 'Massimo Dutti',
    'Carolina Herrera', 'Pepe Jeans', 'MediaMarkt', 'Leroy Merlin', 'Amazon', 'Sigilo Telecom'],
  en: ['Amazon', 'Apple', 'Royal Mail', 'British Gas', 'Vodafone', 'Tesco', 'Argos', 'Verizon', 'Comcast',
    'Chase', 'Barclays', 'John Lewis', 'Marks & Spencer', "Ben & Jerry's", "Wendy's", 'Dr. Martens',
    'Tommy Hilfiger', 'Ralph Lauren', 'Sigilo Telecom', 'FedEx', 'DHL'],
};

export const PRODUCTS = {
  pt: ['iPhone 15 Pro Max 256GB', 'Samsung Galaxy S24', 'Smart TV LG 55"', 'geladeira Brastemp Frost Free 375L',
    'Air Fryer Mondial 4L', 'Xiaomi Redmi Note 13', 'notebook Dell Inspiron 15', 'fone JBL Tune 520BT',
    'cafeteira Nespresso Essenza', 'tênis Nike Revolution 7 tam. 42', 'colchão casal Ortobom',
    'máquina de lavar Electrolux 12kg', 'ventilador Arno 40cm', 'kit 3 camisetas Hering'],
  es: ['iPhone 15 de 128 GB', 'Samsung Galaxy A55', 'portátil Lenovo IdeaPad 3', 'televisor Sony Bravia 50"',
    'aspiradora Rowenta X-Force', 'router ZTE F6640', 'freidora de aire Cecotec', 'zapatillas Adidas talla 43',
    'sofá de tres plazas', 'lavadora Balay 8 kg', 'cafetera Dolce Gusto', 'chaqueta vaquera talla M'],
  en: ['iPhone 15 Pro', 'Pixel 8', 'Kindle Paperwhite', 'Dyson V11 vacuum', 'PS5 controller', 'AirPods Pro',
    'Nespresso Vertuo', 'standing desk (140cm)', 'Instant Pot 6qt', 'running shoes size 10',
    'Ring doorbell', 'Galaxy Tab S9'],
};

export const MONTHS = {
  pt: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro',
    'novembro', 'dezembro'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre',
    'noviembre', 'diciembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
    'November', 'December'],
};

export const WEEKDAYS = {
  pt: ['segunda', 'terça', 'quarta', 'quinta', 'sexta', 'sábado', 'domingo'],
  es: ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

export const PASSWORD_WORDS = ['flor', 'gatinho', 'brasil', 'mariana', 'sol', 'perro', 'barca', 'luna', 'casa',
  'futebol', 'chocolate', 'verano', 'dragon', 'sunshine', 'monkey', 'tigre', 'amor', 'familia', 'corinthians',
  'flamengo', 'madrid', 'estrela', 'princesa', 'summer', 'qwerty', 'abc', 'lisboa'];
